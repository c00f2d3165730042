import { cancelRunning } from "./dispatch.js";
import type { ModuleRecord } from "./record.js";
import { eid, emit, hasOpenPull, type Step } from "./step.js";
import { dropSubIssue } from "./sub-issues.js";

/**
 * Stops a module's work on GitHub: cancels its running attempt, closes its open PR with `reason` and its open
 * sub-issue as not planned.
 * Shared by `/abort` (and issue close) and by a re-plan, which both end every module of the old plan.
 */
export function stopModule(s: Step, m: ModuleRecord, reason: string): void {
  cancelRunning(s, m);
  if (hasOpenPull(m) && m.pr !== null) {
    emit(s, { type: "ClosePullRequest", id: eid(s, "close", m.key, m.pr), module: m.key, pr: m.pr, reason });
  }
  dropSubIssue(s, m);
}
