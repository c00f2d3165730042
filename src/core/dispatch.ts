import { attemptUsd, buildBrief, FEEDBACK_DEPTH } from "./brief.js";
import { escalate } from "./escalate.js";
import { attemptNonce } from "./ids.js";
import type { ModuleRecord } from "./record.js";
import { eid, emit, log, runningAttempt, type Step } from "./step.js";

/**
 * Only the last `FEEDBACK_DEPTH` attempts' feedback reaches a brief; older ones keep their reason and
 * check names for the dashboard, without logs and annotations, so a long task's record stays small.
 */
function compactOldFeedback(m: ModuleRecord): void {
  const keep = m.attempts.length - FEEDBACK_DEPTH;
  m.attempts.forEach((a, index) => {
    if (index >= keep || !a.feedback || a.feedback.log_tail === "") return;
    const failed_checks = a.feedback.failed_checks.map((c) => ({ ...c, summary: "", annotations: [] }));
    a.feedback = { ...a.feedback, log_tail: "", failed_checks };
  });
}

/**
 * Start the next attempt of a module whose PR is open: write its brief into the PR (unless the PR was
 * opened with exactly this attempt's brief) and dispatch the executor. Refuses when an attempt is still
 * running, and escalates instead when the task's budget is spent. Returns whether it dispatched.
 */
export function dispatchNext(s: Step, m: ModuleRecord): boolean {
  const { r } = s;
  if (m.pr === null || runningAttempt(m)) return false;
  if (attemptUsd(r, r.config) <= 0) {
    escalate(s, `the task budget of $${r.config.limits.task_usd} (limits.task_usd) is spent`, [m.key]);
    return false;
  }
  const number = m.attempts.length + 1;
  const nonce = attemptNonce(r, m.key, number);
  const brief = buildBrief(r, m, number, nonce, m.next_mode);
  if (!brief) return false;
  if (m.brief_attempt !== number) {
    emit(s, { type: "UpdateBrief", id: eid(s, "brief", m.key, number), module: m.key, pr: m.pr, brief });
  }
  m.brief_attempt = number;
  compactOldFeedback(m);
  m.attempts.push({
    number,
    window: m.window,
    nonce,
    mode: m.next_mode,
    state: "running",
    charged: false,
    dispatched_at: s.ctx.now,
    ended_at: null,
    run_id: null,
    result: null,
    usage: null,
    signature: null,
    feedback: null,
    reverify_comment_id: null,
  });
  m.state = "running";
  m.due_at = null;
  m.note = null;
  m.gate = null;
  emit(s, {
    type: "Dispatch",
    id: eid(s, "dispatch", m.key, number),
    module: m.key,
    pr: m.pr,
    attempt: number,
    nonce,
    workflow: r.config.executor.workflow,
    ref: m.branch,
  });
  log(
    s,
    `${m.name}: attempt ${number} dispatched${m.next_mode === "resolve_conflict" ? " to resolve a conflict" : ""}`,
  );
  return true;
}

/** Cancel a module's running attempt (abort, rollback, a PR closed under it). */
export function cancelRunning(s: Step, m: ModuleRecord): void {
  const attempt = runningAttempt(m);
  if (!attempt) return;
  attempt.state = "cancelled";
  attempt.ended_at = s.ctx.now;
  emit(s, {
    type: "CancelRun",
    id: eid(s, "cancel", m.key, attempt.number),
    module: m.key,
    attempt: attempt.number,
    nonce: attempt.nonce,
    run_id: attempt.run_id,
  });
}
