import { z } from "zod";
import type { Config } from "../../config/schema.js";

/** The part of `workflow_run.completed` the red-CI fix loop reads (docs/red-ci-loop.md). */
export const CiRunPayload = z.object({
  action: z.literal("completed"),
  workflow_run: z.object({
    id: z.number().int().positive(),
    name: z.string().nullish(),
    path: z.string(),
    head_branch: z.string().nullable(),
    head_sha: z.string().regex(/^[0-9a-f]{40}$/),
    event: z.string(),
    conclusion: z.string().nullable(),
    html_url: z.string(),
    head_repository: z.object({ full_name: z.string() }).nullish(),
  }),
  repository: z.object({ default_branch: z.string().min(1), full_name: z.string() }),
});
export type CiRunPayload = z.infer<typeof CiRunPayload>;

/** A finished run of a branch the loop may watch: red or green, with what an issue says about it. */
export interface CiRun {
  verdict: "red" | "green";
  /** The workflow's name, or its file name when the run has none. */
  workflow: string;
  file: string;
  branch: string;
  sha: string;
  runId: number;
  url: string;
}

const RED = new Set(["failure", "timed_out", "startup_failure"]);

/**
 * A run the loop may care about, or null (dropped before any request): cancelled, skipped and neutral runs
 * say nothing about the branch; pull-request runs are about the PR, not the branch; and Conductor's own
 * branches are the task gates' business.
 */
export function ciRun(payload: CiRunPayload): CiRun | null {
  const run = payload.workflow_run;
  if (run.head_branch === null || run.head_branch.startsWith("conductor/")) return null;
  if (run.event === "pull_request" || run.event === "pull_request_target") return null;
  // A fork's branch may be called `main` too (a `workflow_run`-triggered run of a fork PR carries it): only
  // this repository's own branches are watched, or anyone with a fork could open tasks.
  if (run.head_repository?.full_name !== payload.repository.full_name) return null;
  const verdict = run.conclusion === "success" ? "green" : RED.has(run.conclusion ?? "") ? "red" : null;
  if (verdict === null) return null;
  const file = run.path.replace(/@.*$/, "").split("/").pop() ?? run.path;
  return {
    verdict,
    workflow: run.name || file,
    file,
    branch: run.head_branch,
    sha: run.head_sha,
    runId: run.id,
    url: run.html_url,
  };
}

/** Whether `triggers.ci_failure` watches this run: its workflow by name or file, its branch (`default` too). */
export function watches(config: Config, run: CiRun, defaultBranch: string): boolean {
  const watch = config.triggers.ci_failure;
  if (watch.workflows.length === 0) return false;
  const branches = watch.branches.map((b) => (b === "default" ? defaultBranch : b));
  return branches.includes(run.branch) && watch.workflows.some((w) => w === run.workflow || w === run.file);
}
