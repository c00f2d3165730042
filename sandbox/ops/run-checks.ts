import { isoNow, type SandboxContext } from "../context.js";
import type { AppRec, RunRec } from "../state.js";
import { emitCheckRun, refreshSuite } from "./checks.js";

/** The app GitHub Actions' jobs report as. */
export const ACTIONS_APP: AppRec = {
  id: 15368,
  slug: "github-actions",
  name: "GitHub Actions",
  bot: "github-actions[bot]",
};

/**
 * Mirrors a workflow run onto its job's check run, as GitHub Actions does: a check suite per run on
 * the head commit, the job's check run created queued, then moved with the run. So an executor run
 * that fails on the head commit shows up among that commit's checks, as it would on GitHub.
 */
export async function syncRunCheck(ctx: SandboxContext, run: RunRec, sender: string): Promise<void> {
  const app = ctx.state.apps[ACTIONS_APP.slug] ?? ACTIONS_APP;
  const now = isoNow(ctx);
  let check = ctx.state.checkRuns[run.check_run_id];
  if (!check) {
    ctx.state.checkSuites[run.check_suite_id] = {
      id: run.check_suite_id,
      app: app.slug,
      head_sha: run.head_sha,
      head_branch: run.head_branch,
      status: "queued",
      conclusion: null,
      created_at: now,
      updated_at: now,
    };
    check = {
      id: run.check_run_id,
      suite: run.check_suite_id,
      app: app.slug,
      name: run.job,
      head_sha: run.head_sha,
      status: "queued",
      conclusion: null,
      started_at: now,
      completed_at: null,
      details_url: `${ctx.html}/actions/runs/${run.id}`,
      external_id: String(run.id),
      output: { title: null, summary: null, text: null },
      annotations: [],
    };
    ctx.state.checkRuns[check.id] = check;
    await emitCheckRun(ctx, check, "created", sender);
  }
  const before = check.status;
  check.status = run.status === "completed" ? "completed" : run.status === "in_progress" ? "in_progress" : "queued";
  check.conclusion = run.conclusion;
  if (check.status === "completed" && before !== "completed") {
    check.completed_at = now;
    await emitCheckRun(ctx, check, "completed", sender);
  }
  await refreshSuite(ctx, check.suite, sender);
}
