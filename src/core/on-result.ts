import type { Result } from "../protocol/result.js";
import { advance } from "./advance.js";
import { reviewFailed } from "./ai-review.js";
import { applyGate } from "./apply-gate.js";
import type { EventOf } from "./events.js";
import { type Failure, failAttempt } from "./failure.js";
import { infraFeedback, resultFeedback } from "./failure-feedback.js";
import { setHead } from "./heads.js";
import { awaitsReverify, emitVerify } from "./on-reverify.js";
import type { Attempt, ModuleRecord } from "./record.js";
import { infraSignature, resultSignature } from "./signature.js";
import { findModule, log, runningAttempt, type Step } from "./step.js";

const tokens = (result: Result): number =>
  result.usage.input_tokens +
  result.usage.output_tokens +
  result.usage.cache_read_tokens +
  result.usage.cache_write_tokens;

/** An infrastructure failure of the running attempt: charged only when the model spent tokens. */
export function infraFailure(
  s: Step,
  m: ModuleRecord,
  attempt: Attempt,
  kind: string,
  reason: string,
  charged: boolean,
) {
  const failure: Failure = {
    kind: "infra",
    reason,
    signature: infraSignature(kind),
    feedback: infraFeedback(attempt.number, reason),
    charged,
    escalate: null,
  };
  failAttempt(s, m, attempt, failure);
}

/**
 * The executor's result (DESIGN §5). It counts only when the app posted it and it names the running
 * attempt by number and nonce; anything else is logged and ignored. A done result waits for the gate;
 * a result that is not done fails the attempt at once; `stop_reason: error` is an infrastructure failure.
 */
export function onResultPosted(s: Step, event: EventOf<"ResultPosted">): void {
  const { r, ctx } = s;
  const m = findModule(r, event.module);
  if (!m) return;
  const { result } = event;
  const attempt = runningAttempt(m);
  if (!event.author_is_app) {
    log(s, `${m.name}: ignored a result comment not posted by the app`);
    return;
  }
  if (!attempt || attempt.number !== result.attempt || attempt.nonce !== result.nonce || result.task !== r.issue) {
    if (!m.attempts.some((a) => a.result?.comment_id === event.comment_id)) {
      log(s, `${m.name}: ignored a result for attempt ${result.attempt} that is not the running attempt`);
    }
    return;
  }
  if (attempt.mode === "review") {
    // A review answers with a PR review; a result comment for one says the review failed or was refused.
    log(s, `${m.name}: the review attempt ${attempt.number} posted no review`);
    reviewFailed(s, m, attempt, result);
    return;
  }
  attempt.result = {
    status: result.status,
    stop_reason: result.stop_reason,
    head_sha: result.head_sha,
    turns: result.turns,
    comment_id: event.comment_id,
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.agent === undefined ? {} : { agent: result.agent }),
  };
  attempt.usage = result.usage;
  r.cost_usd += result.usage.usd;
  const spent = tokens(result) > 0;
  const head = setHead(m, result.head_sha, ctx.now);
  // With `gates.reverify: required` a done result's verify waits for the App's re-verification
  // (on-reverify.ts), unless that arrived first.
  if (!awaitsReverify(s, result)) emitVerify(s, m, attempt, result.head_sha, "off");
  else if (attempt.reverify_comment_id !== null) emitVerify(s, m, attempt, result.head_sha, "posted");
  if (result.stop_reason === "error") {
    infraFailure(s, m, attempt, "error", `the executor failed: ${result.error ?? "no reason given"}`, spent);
    advance(s);
    return;
  }
  if (result.status !== "done") {
    const feedback = resultFeedback(attempt.number, result);
    const failure = { kind: "red", reason: feedback.reason, signature: resultSignature(result), feedback } as const;
    failAttempt(s, m, attempt, { ...failure, charged: true, escalate: null });
    advance(s);
    return;
  }
  attempt.state = "done";
  attempt.ended_at = ctx.now;
  attempt.charged = true;
  head.result_attempt = attempt.number;
  m.state = "verifying";
  m.infra_streak = 0;
  m.next_mode = "implement";
  log(s, `${m.name}: attempt ${attempt.number} reported done at ${result.head_sha.slice(0, 7)}`);
  applyGate(s, m);
}

/**
 * The executor's run ended. The adapter sends this after looking for a result comment, so a run of the
 * running attempt with no result is an infrastructure failure (crash, cancel, lost runner).
 */
export function onRunCompleted(s: Step, event: EventOf<"RunCompleted">): void {
  const m = findModule(s.r, event.module);
  const attempt = m ? runningAttempt(m) : undefined;
  if (!m || !attempt) return;
  const matches =
    (event.nonce !== null && event.nonce === attempt.nonce) ||
    (event.run_id !== null && event.run_id === attempt.run_id);
  if (!matches) return;
  if (event.run_id !== null) attempt.run_id = event.run_id;
  infraFailure(s, m, attempt, "no_result", `the executor run ended (${event.conclusion}) without a result`, false);
  advance(s);
}
