/**
 * The read side of a gate: what CI says about one head SHA, as the core's `ChecksSummary` (the `checks`
 * of the `ChecksCompleted` event, src/core/events.ts). The adapter only reports; which checks are
 * required and what the gate decides is the core's (`requiredChecks`, `evaluateGate`).
 *
 * Never counted: `conductor/verify` (our own check, gated separately) and the job checks of the
 * executor's workflow run — recognised by their check suite, which belongs to a `workflow_dispatch` run of
 * `executor.workflow` on this SHA (see `workflowCheckSuites`). That lookup costs one request, so it is
 * made only when `gates.checks` is `all` and some check run comes from GitHub Actions; with a list of
 * names the executor's jobs are not named, and the core ignores what is not named.
 */
import type { Config } from "../../config/schema.js";
import type { ChecksSummary } from "../../core/events.js";
import { REVIEW_CHECK_NAME } from "../../core/review-gate.js";
import type { Annotation, FailedCheck } from "../../protocol/feedback.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import type { EtagCache } from "../octokit/conditional-read.js";
import {
  type CheckAnnotation,
  type CheckRun,
  type CommitStatus,
  listAnnotations,
  listCheckRuns,
  listStatuses,
  workflowCheckSuites,
} from "./check-api.js";

export const VERIFY_CHECK_NAME = "conductor/verify";
/**
 * Conductor's own checks, never CI: the gate reads their verdicts from the record (`conductor/review`'s from
 * the app's own review, docs/ai-review.md), so a run or status of the same name by anyone else counts for nothing.
 */
export const OWN_CHECKS: ReadonlySet<string> = new Set([VERIFY_CHECK_NAME, REVIEW_CHECK_NAME]);
const PASSING = new Set(["success", "neutral", "skipped"]);
const SUMMARY_CAP = 2_000;

export interface ReadChecksOptions {
  /** `config.gates.checks`: `all`, or the required names (annotations are then fetched only for those). */
  checks: Config["gates"]["checks"];
  /** `config.executor.workflow`, e.g. `conductor-executor.yml`. */
  executorWorkflow: string;
  /** Failed check runs whose annotations are fetched (default 5); the rest report their summary only. */
  maxAnnotatedRuns?: number;
  /** Annotations kept per failed run (default 20). */
  maxAnnotationsPerRun?: number;
  /** ETags of earlier reads, so that reading an unchanged SHA again is a free 304 (`conditional-read.ts`). */
  etags?: EtagCache;
}

/** Reads check runs and commit statuses on `headSha` and summarises them for the core. */
export async function readChecks(
  octokit: GitHubClient,
  repo: RepoRef,
  headSha: string,
  options: ReadChecksOptions,
): Promise<ChecksSummary> {
  const [allRuns, statuses] = await Promise.all([
    listCheckRuns(octokit, repo, headSha, options.etags),
    listStatuses(octokit, repo, headSha, options.etags),
  ]);
  let runs = latestPerSuite(allRuns.filter((r) => !OWN_CHECKS.has(r.name)));
  if (options.checks === "all" && runs.some((r) => r.app?.slug === "github-actions")) {
    const executorSuites = await workflowCheckSuites(octokit, repo, headSha, options.executorWorkflow, options.etags);
    runs = runs.filter((r) => !(r.check_suite && executorSuites.has(r.check_suite.id)));
  }
  const counted = statuses.filter((s) => !OWN_CHECKS.has(s.context));

  const summary: ChecksSummary = { pending: [], passed: [], failed: [], none_seen: runs.length + counted.length === 0 };
  const wanted = (name: string) => options.checks === "all" || options.checks.includes(name);
  let annotatedBudget = options.maxAnnotatedRuns ?? 5;
  for (const run of runs) {
    if (run.status !== "completed") summary.pending.push(run.name);
    else if (PASSING.has(run.conclusion ?? "")) summary.passed.push(run.name);
    else {
      const annotate = wanted(run.name) && run.output.annotations_count > 0 && annotatedBudget-- > 0;
      const annotations = annotate
        ? await listAnnotations(octokit, repo, run.id, options.maxAnnotationsPerRun ?? 20)
        : [];
      summary.failed.push(failedRun(run, annotations));
    }
  }
  for (const status of counted) {
    if (status.state === "pending") summary.pending.push(status.context);
    else if (status.state === "success") summary.passed.push(status.context);
    else summary.failed.push(failedStatus(status));
  }
  return summary;
}

/**
 * One run per name and check suite (with `filter=latest` that is already so). Runs of one name from two
 * suites are both kept, and so are statuses of that name: the core counts a name green only when every one
 * of them is (`byName`, src/core/gates.ts), so another app's run or a status named like a required check
 * cannot stand in for the real run.
 */
function latestPerSuite(runs: CheckRun[]): CheckRun[] {
  const byKey = new Map<string, CheckRun>();
  for (const r of runs) {
    const key = `${r.check_suite?.id ?? "none"}\u0000${r.name}`;
    const seen = byKey.get(key);
    if (!seen || r.id > seen.id) byKey.set(key, r);
  }
  return [...byKey.values()];
}

function failedRun(run: CheckRun, annotations: CheckAnnotation[]): FailedCheck {
  const text = [run.output.title, run.output.summary].filter((t) => t).join("\n\n");
  return {
    name: run.name,
    conclusion: run.conclusion ?? "unknown",
    summary: cap(text),
    annotations: annotations.map(toAnnotation),
    ...(run.html_url ? { url: run.html_url } : {}),
  };
}

function failedStatus(status: CommitStatus): FailedCheck {
  return {
    name: status.context,
    conclusion: status.state,
    summary: cap(status.description ?? ""),
    annotations: [],
    ...(status.target_url ? { url: status.target_url } : {}),
  };
}

function toAnnotation(a: CheckAnnotation): Annotation {
  const message = [a.title, a.message].filter((t) => t).join(": ");
  return { path: a.path, line: a.start_line, level: a.annotation_level ?? "failure", message: cap(message, 500) };
}

function cap(text: string, max = SUMMARY_CAP): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
