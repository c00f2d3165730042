import { escalate } from "./escalate.js";
import type { EventOf } from "./events.js";
import { headFacts } from "./heads.js";
import { onPlanFailed } from "./on-plan.js";
import { infraFailure } from "./on-result.js";
import { subIssuesUnavailable } from "./on-sub-issues.js";
import type { ModuleRecord } from "./record.js";
import { findModule, log, runningAttempt, type Step } from "./step.js";

/** Stop a module and escalate: nothing Conductor retries on its own would get past this. */
function stopModule(s: Step, m: ModuleRecord, reason: string): void {
  m.state = "failed";
  m.due_at = null;
  m.reason = reason;
  escalate(s, `${m.name}: ${reason}; /retry on the PR tries again`, [m.key]);
}

/**
 * A merge or update-branch that never answered leaves the module green for its head: the task escalates,
 * and `/retry` on the issue merges again (a new decision: the head's `blocked` count is in the merge id).
 */
function mergeGivenUp(s: Step, m: ModuleRecord, sha: string, what: string, error: string): void {
  headFacts(m, sha, s.ctx.now).blocked += 1;
  m.state = "green";
  m.reason = `${what} failed: ${error}`;
  escalate(s, `${m.name}: ${m.reason}; /retry on the issue tries again`, [m.key]);
}

/**
 * The adapter gave up an effect (see `EffectFailed`). What follows depends on what the task was waiting
 * for: work that waits for the effect's answer stops with a reason a human can act on, while effects
 * nothing waits for (comments, reactions, labels, the dashboard, checkpoint refs, cancels) are only logged.
 * An executor that could not be dispatched is an infrastructure failure of its attempt, uncharged; a
 * dispatch the API keeps refusing is a setup problem (a missing workflow, no `workflow_dispatch`), so it
 * escalates at once instead of backing off six times.
 */
export function onEffectFailed(s: Step, event: EventOf<"EffectFailed">): void {
  const { effect, error } = event;
  log(s, `gave up ${effect.type} after repeated failures: ${error}`);
  const m = "module" in effect && effect.module !== null ? findModule(s.r, effect.module) : undefined;
  decide(s, event, m);
}

function decide(s: Step, event: EventOf<"EffectFailed">, m: ModuleRecord | undefined): void {
  const { effect, error } = event;
  switch (effect.type) {
    case "RequestPlan":
      onPlanFailed(s, { type: "PlanFailed", id: event.id, errors: [`the plan could not be read: ${error}`] });
      return;
    case "CreateBranch":
      if (effect.module === null) {
        escalate(s, `the integration branch ${effect.branch} could not be created: ${error}`, []);
      } else if (m?.state === "opening") {
        stopModule(s, m, `branch ${effect.branch} could not be created: ${error}`);
      }
      return;
    case "OpenPullRequest":
      if (m?.state === "opening") stopModule(s, m, `its draft PR could not be opened: ${error}`);
      return;
    case "UpdateBrief":
    case "Dispatch": {
      const attempt = m ? runningAttempt(m) : undefined;
      const number = effect.type === "Dispatch" ? effect.attempt : effect.brief.attempt;
      if (!m || !attempt || attempt.number !== number) return;
      const what =
        effect.type === "Dispatch" ? "the executor could not be dispatched" : "its brief could not be updated";
      infraFailure(s, m, attempt, `given-up-${effect.type}`, `${what}: ${error}`, false);
      if (m.state === "backoff") stopModule(s, m, `${what}: ${error}`);
      return;
    }
    case "CreateVerifyCheck":
      if (m?.state === "verifying" && m.head_sha === effect.head_sha) {
        stopModule(s, m, `conductor/verify could not be created (does the app have checks: write?): ${error}`);
      }
      return;
    case "Merge":
      if (m?.state === "merging") mergeGivenUp(s, m, effect.sha, `the merge of PR #${effect.pr}`, error);
      return;
    case "UpdateBranch":
      if (m?.state === "updating") {
        mergeGivenUp(s, m, effect.expected_head_sha, `updating the branch of PR #${effect.pr}`, error);
      }
      return;
    case "ResetBranch":
      escalate(s, `${effect.branch} could not be reset to ${effect.sha.slice(0, 7)}: ${error}`, m ? [m.key] : []);
      return;
    case "OpenFinalPullRequest":
      escalate(s, `the final PR could not be opened: ${error}`, []);
      return;
    case "WriteIncomingFile":
      escalate(s, `the incoming file ${effect.path} could not be written: ${error}`, []);
      return;
    case "OpenRestorePullRequest":
      escalate(s, `the restore PR for phase ${effect.phase} could not be opened: ${error}`, []);
      return;
    case "OpenSubIssue":
      // Tracking is an aid, never a gate: the modules that waited for their sub-issues go on without.
      subIssuesUnavailable(s, error);
      return;
    case "SetSubIssueState":
    case "CancelRun":
    // The gate reads the verdict from the record; the check only shows it.
    case "CreateReviewCheck":
    case "CloseIssue":
    case "ClosePullRequest":
    case "RecordCheckpoint":
    case "UpsertDashboard":
    case "Comment":
    case "React":
    case "SetLabels":
    case "Escalate":
    case "PostWebhook":
      // Nothing waits for these; the log line is the whole answer.
      return;
    default: {
      const _exhaustive: never = effect;
      throw new Error(`unknown effect ${JSON.stringify(_exhaustive)}`);
    }
  }
}
