import { advance } from "./advance.js";
import { applyGate } from "./apply-gate.js";
import { cancelRunning } from "./dispatch.js";
import type { EventOf } from "./events.js";
import { infraFailure } from "./on-result.js";
import { reverifyDeadlines } from "./on-reverify.js";
import { runningAttempt, type Step } from "./step.js";

/**
 * How long past `executor.timeout_minutes` a run may stay silent before it is given up: the runner
 * queue, checkout and posting the result all happen outside the executor's own clock.
 */
export const RUN_SLACK_MINUTES = 15;

/**
 * The periodic sweep (DESIGN §7): runs that never reported become infrastructure failures, gates are
 * decided again so checks that never came time out, and due backoffs are dispatched.
 */
export function onTick(s: Step, _event: EventOf<"Tick">): void {
  const { r, ctx } = s;
  const limit = (r.config.executor.timeout_minutes + RUN_SLACK_MINUTES) * 60_000;
  for (const m of r.modules) {
    const attempt = runningAttempt(m);
    if (attempt && ctx.now - attempt.dispatched_at >= limit) {
      cancelRunning(s, m);
      const minutes = Math.round((ctx.now - attempt.dispatched_at) / 60_000);
      infraFailure(s, m, attempt, "run_timeout", `the executor run did not report within ${minutes} minutes`, false);
    }
  }
  reverifyDeadlines(s);
  for (const m of r.modules) applyGate(s, m);
  advance(s);
}
