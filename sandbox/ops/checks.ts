import { isoNow, nextId, nodeId, type SandboxContext } from "../context.js";
import { readCommit } from "../objects.js";
import { appShape } from "../shapes/common.js";
import { headCommitShape } from "../shapes/git.js";
import type { AppRec, CheckRunRec, CheckSuiteRec } from "../state.js";
import { emit } from "../webhooks.js";

// When runs disagree, the suite shows the most severe conclusion, in this order.
const SEVERITY = [
  "action_required",
  "cancelled",
  "timed_out",
  "failure",
  "startup_failure",
  "stale",
  "neutral",
  "success",
  "skipped",
];

/** The open pull requests whose head is `sha`, in the short form checks and runs carry. */
export function pullRefsFor(ctx: SandboxContext, sha: string) {
  const repo = { id: ctx.repoId, url: ctx.api, name: ctx.name };
  return Object.values(ctx.state.pulls)
    .filter((p) => p.head_sha === sha && ctx.state.issues[p.number]?.state === "open")
    .map((p) => ({
      id: p.id,
      number: p.number,
      url: `${ctx.api}/pulls/${p.number}`,
      head: { ref: p.head, sha: p.head_sha, repo },
      base: { ref: p.base, sha: p.frozen?.base_sha ?? p.head_sha, repo },
    }));
}

/** A branch whose tip is `sha`, as GitHub fills `head_branch`. */
export function branchAt(ctx: SandboxContext, sha: string): string | null {
  return Object.entries(ctx.state.heads).find(([, tip]) => tip === sha)?.[0] ?? null;
}

/** The app's suite for a commit, created on first use. */
export function suiteFor(ctx: SandboxContext, app: AppRec, sha: string): CheckSuiteRec {
  const found = Object.values(ctx.state.checkSuites).find((s) => s.app === app.slug && s.head_sha === sha);
  if (found) return found;
  const now = isoNow(ctx);
  const suite: CheckSuiteRec = {
    id: nextId(ctx),
    app: app.slug,
    head_sha: sha,
    head_branch: branchAt(ctx, sha),
    status: "queued",
    conclusion: null,
    created_at: now,
    updated_at: now,
  };
  ctx.state.checkSuites[suite.id] = suite;
  return suite;
}

function appOf(ctx: SandboxContext, slug: string): AppRec {
  return ctx.state.apps[slug] ?? ctx.app;
}

/** GitHub's `check-run`. */
export function checkRunShape(ctx: SandboxContext, run: CheckRunRec) {
  const url = `${ctx.api}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: nodeId("CR", run.id),
    head_sha: run.head_sha,
    external_id: run.external_id ?? "",
    url,
    html_url: `${ctx.html}/runs/${run.id}`,
    details_url: run.details_url ?? `${ctx.html}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: { ...run.output, annotations_count: run.annotations.length, annotations_url: `${url}/annotations` },
    name: run.name,
    check_suite: { id: run.suite },
    app: appShape(ctx, appOf(ctx, run.app)),
    pull_requests: pullRefsFor(ctx, run.head_sha),
  };
}

/** GitHub's `check-suite`. */
export async function checkSuiteShape(ctx: SandboxContext, suite: CheckSuiteRec) {
  const commit = await readCommit(ctx.repo, suite.head_sha);
  const runs = Object.values(ctx.state.checkRuns).filter((r) => r.suite === suite.id);
  return {
    id: suite.id,
    node_id: nodeId("CS", suite.id),
    head_branch: suite.head_branch,
    head_sha: suite.head_sha,
    status: suite.status,
    conclusion: suite.conclusion,
    url: `${ctx.api}/check-suites/${suite.id}`,
    before: commit?.parents[0] ?? null,
    after: suite.head_sha,
    pull_requests: pullRefsFor(ctx, suite.head_sha),
    app: appShape(ctx, appOf(ctx, suite.app)),
    created_at: suite.created_at,
    updated_at: suite.updated_at,
    head_commit: commit ? headCommitShape(commit) : null,
    latest_check_runs_count: runs.length,
    check_runs_url: `${ctx.api}/check-suites/${suite.id}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}

/**
 * Emits `check_run.<action>`. Unlike the REST view (`check_suite: { id }`), GitHub's webhook carries
 * the whole suite, and apps find their branch through `check_run.check_suite.head_branch`.
 */
export async function emitCheckRun(
  ctx: SandboxContext,
  run: CheckRunRec,
  action: string,
  sender: string,
): Promise<void> {
  const suite = ctx.state.checkSuites[run.suite];
  const check_suite = suite ? await checkSuiteShape(ctx, suite) : { id: run.suite };
  emit(ctx, "check_run", action, { check_run: { ...checkRunShape(ctx, run), check_suite } }, sender);
}

/**
 * Recomputes a suite from its runs; when the last run completes, the suite completes and GitHub
 * sends `check_suite.completed` (once per transition).
 */
export async function refreshSuite(ctx: SandboxContext, suiteId: number, sender: string): Promise<void> {
  const suite = ctx.state.checkSuites[suiteId];
  if (!suite) return;
  const runs = Object.values(ctx.state.checkRuns).filter((r) => r.suite === suiteId);
  const before = suite.status;
  const done = runs.length > 0 && runs.every((r) => r.status === "completed");
  suite.status = done ? "completed" : runs.some((r) => r.status === "in_progress") ? "in_progress" : "queued";
  suite.conclusion = done ? (SEVERITY.find((c) => runs.some((r) => r.conclusion === c)) ?? "success") : null;
  suite.updated_at = isoNow(ctx);
  if (done && before !== "completed") {
    const check_suite = await checkSuiteShape(ctx, suite);
    emit(ctx, "check_suite", "completed", { check_suite }, sender);
  }
}
