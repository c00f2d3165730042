import { z } from "zod";
import type { Config } from "../../config/schema.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { listLabelledIssues } from "../reads/list-labelled-issues.js";
import type { Log } from "../reconcile/log.js";
import {
  CI_FAILURE_LABEL,
  type CiFailureMarker,
  ciFailureComment,
  ciFailureIssue,
  type RunFailure,
  readCiFailureMarker,
  reportedShas,
} from "./ci-failure-issue.js";
import type { CiRun } from "./ci-run.js";

/** Most bytes of a failed job's log the issue quotes: the end of a log is where the failure is. */
export const LOG_TAIL_BYTES = 4 * 1024;

const Job = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  conclusion: z.string().nullable(),
  steps: z.array(z.object({ name: z.string(), conclusion: z.string().nullable() })).nullish(),
});
const Comment = z.object({ body: z.string().nullish() });

export interface CiRunEnv {
  octokit: GitHubClient;
  repo: RepoRef;
  log: Log;
  config: Config;
}

/** What the loop did: opened an issue, commented on one, found a green run for an open one, or nothing. */
export type CiRunOutcome =
  | { kind: "opened"; issue: number }
  | { kind: "commented"; issue: number }
  | { kind: "green"; issue: number }
  | { kind: "none" };

/**
 * The red-CI fix loop's adapter (docs/red-ci-loop.md). Red: one task issue per workflow and branch — a new
 * one, or a comment on the open one; deduplicated by workflow and head SHA (an issue or comment for the
 * same head, open or closed, means the run was reported). Green: the open issue, so the caller hands the
 * task a `BaseBranchGreen` and the core decides whether it closes.
 */
export async function handleCiRun(env: CiRunEnv, run: CiRun): Promise<CiRunOutcome> {
  const issues = await ciIssues(env);
  const mine = issues.filter((i) => i.marker.workflow === run.workflow && i.marker.branch === run.branch);
  const open = mine.find((i) => i.state === "open");
  if (run.verdict === "green") return open ? { kind: "green", issue: open.number } : { kind: "none" };
  if (mine.some((i) => i.marker.sha === run.sha)) return { kind: "none" };
  if (open) {
    const comments = await env.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...env.repo,
      issue_number: open.number,
      per_page: 100,
    });
    const reported = z
      .array(Comment)
      .parse(comments.data)
      .flatMap((c) => reportedShas(c.body ?? ""));
    if (reported.includes(run.sha)) return { kind: "none" };
    const body = ciFailureComment(run.sha, run, await readFailure(env, run.runId));
    await env.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...env.repo,
      issue_number: open.number,
      body,
    });
    return { kind: "commented", issue: open.number };
  }
  const marker: CiFailureMarker = { workflow: run.workflow, branch: run.branch, sha: run.sha };
  const { title, body } = ciFailureIssue(marker, run, await readFailure(env, run.runId));
  const res = await env.octokit.request("POST /repos/{owner}/{repo}/issues", {
    ...env.repo,
    title,
    body,
    labels: [env.config.trigger.label, CI_FAILURE_LABEL],
  });
  const issue = z.object({ number: z.number().int().positive() }).parse(res.data).number;
  env.log.info({ workflow: run.workflow, sha: run.sha, issue }, "red CI: opened its task issue");
  return { kind: "opened", issue };
}

async function ciIssues(env: CiRunEnv) {
  return (await listLabelledIssues(env.octokit, env.repo, CI_FAILURE_LABEL)).flatMap((issue) => {
    const marker = issue.isPull ? null : readCiFailureMarker(issue.body);
    return marker === null ? [] : [{ number: issue.number, state: issue.state, marker }];
  });
}

/** The run's failed jobs and steps, and the tail of the first failed job's log (none when unreadable). */
async function readFailure(env: CiRunEnv, runId: number): Promise<RunFailure> {
  const res = await env.octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", {
    ...env.repo,
    run_id: runId,
    filter: "latest",
  });
  const jobs = z
    .object({ jobs: z.array(Job) })
    .parse(res.data)
    .jobs.filter((job) => job.conclusion === "failure" || job.conclusion === "timed_out");
  const first = jobs[0];
  let logTail = "";
  if (first) {
    try {
      const log = await env.octokit.request("GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs", {
        ...env.repo,
        job_id: first.id,
      });
      const text = typeof log.data === "string" ? log.data : "";
      logTail = Buffer.from(text)
        .subarray(-LOG_TAIL_BYTES)
        .toString("utf8")
        .replace(/^\uFFFD+/, "");
    } catch (error) {
      // Logs expire and may be forbidden to the app: the jobs and steps still say what failed.
      env.log.info({ err: error instanceof Error ? error.message : String(error) }, "red CI: job log unreadable");
    }
  }
  return {
    jobs: jobs.map((job) => ({
      name: job.name,
      steps: (job.steps ?? []).filter((s) => s.conclusion === "failure").map((s) => s.name),
    })),
    logTail,
  };
}
