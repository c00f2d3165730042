import type { Feedback } from "../protocol/feedback.js";
import { backoffMs } from "./backoff.js";
import { recordFailure } from "./breaker.js";
import { escalate } from "./escalate.js";
import type { Attempt, ModuleRecord } from "./record.js";
import { chargedInWindow, log, type Step } from "./step.js";

/**
 * Infrastructure failures without a result are retried on the backoff schedule; this many in a row
 * means the executor cannot start at all (a missing workflow or secret), which no wait will fix. The
 * circuit breaker usually trips first; this bounds runs that time out slower than its window.
 */
export const MAX_INFRA_STREAK = 6;

/** How an attempt failed. `red`: the gate or the result said no; `infra`: the run broke. */
export type Failure = {
  kind: "red" | "infra";
  reason: string;
  signature: string;
  feedback: Feedback;
  charged: boolean;
  /** Set when another attempt cannot help: escalate at once with this reason. */
  escalate: string | null;
};

/** Stop the module and escalate; it waits for `/retry`. */
function stop(s: Step, m: ModuleRecord, reason: string): void {
  m.state = "failed";
  m.due_at = null;
  m.reason = reason;
  escalate(s, `${m.name}: ${reason}`, [m.key]);
}

/** The last `n` charged attempts of the window all share one signature. */
function repeats(m: ModuleRecord, n: number): boolean {
  const recent = chargedInWindow(m).slice(-n);
  const first = recent[0]?.signature;
  return recent.length >= n && first !== null && recent.every((a) => a.signature === first);
}

/**
 * Record a failed attempt and decide what follows (DESIGN §1.10): another attempt carrying the
 * feedback, a backoff for infrastructure failures, or an escalation when attempts run out, the same
 * failure repeats, the circuit breaker trips or retrying cannot help.
 */
export function failAttempt(s: Step, m: ModuleRecord, attempt: Attempt, failure: Failure): void {
  const { r, ctx } = s;
  attempt.state = failure.kind === "infra" ? "infra" : "failed";
  attempt.ended_at = ctx.now;
  attempt.charged = failure.charged;
  attempt.signature = failure.signature;
  attempt.feedback = failure.feedback;
  m.reason = failure.reason;
  log(s, `${m.name} attempt ${attempt.number} failed: ${failure.reason}`);
  const breaker = recordFailure(r.failures, ctx.now, r.config);
  r.failures = breaker.failures;
  if (failure.escalate) {
    stop(s, m, failure.escalate);
    return;
  }
  if (breaker.tripped) {
    const { failures, window_minutes } = r.config.circuit_breaker;
    stop(s, m, `circuit breaker: ${failures} failures within ${window_minutes} minutes`);
    return;
  }
  if (failure.charged && chargedInWindow(m).length >= r.config.retries.max_attempts) {
    stop(s, m, `${r.config.retries.max_attempts} attempts failed; last: ${failure.reason}`);
    return;
  }
  if (failure.charged && repeats(m, r.config.retries.same_failure_limit)) {
    stop(s, m, `the same failure repeated ${r.config.retries.same_failure_limit} times: ${failure.reason}`);
    return;
  }
  if (failure.kind === "infra") {
    m.infra_streak += 1;
    if (m.infra_streak >= MAX_INFRA_STREAK) {
      stop(s, m, `${m.infra_streak} infrastructure failures in a row: ${failure.reason}`);
      return;
    }
    m.state = "backoff";
    m.due_at = ctx.now + backoffMs(r.config, m.infra_streak);
    return;
  }
  m.infra_streak = 0;
  m.state = "backoff";
  m.due_at = ctx.now;
}
