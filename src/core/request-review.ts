import { dispatchNext } from "./dispatch.js";
import type { ModuleRecord } from "./record.js";
import { log, runningAttempt, type Step } from "./step.js";

/**
 * The head is green and waits for its review: dispatch a review attempt, a dispatch of its own with its own
 * number and nonce, so the reviewer is never the attempt that wrote the code.
 */
export function requestReview(s: Step, m: ModuleRecord): void {
  if (runningAttempt(m)) return;
  m.next_mode = "review";
  if (dispatchNext(s, m)) log(s, `${m.name}: the AI reviewer was asked to review ${m.head_sha?.slice(0, 7)}`);
}
