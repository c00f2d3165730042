import type { FailedCheck } from "../protocol/feedback.js";
import type { Result } from "../protocol/result.js";
import type { ReviewReport } from "../protocol/review.js";
import { advance } from "./advance.js";
import { applyGate } from "./apply-gate.js";
import type { EventOf } from "./events.js";
import { failAttempt } from "./failure.js";
import { gateFeedback, infraFeedback } from "./failure-feedback.js";
import { headFacts } from "./heads.js";
import type { Attempt, ModuleRecord } from "./record.js";
import { REVIEW_CHECK_NAME } from "./review-gate.js";
import { gateSignature } from "./signature.js";
import { eid, emit, findModule, log, runningAttempt, type Step } from "./step.js";

/** The review as the failed check the next author attempt hears about: the summary and the line comments. */
export function reviewCheck(review: ReviewReport): FailedCheck {
  return {
    name: REVIEW_CHECK_NAME,
    conclusion: "changes_requested",
    summary: review.summary,
    annotations: review.comments.map((c) => ({ path: c.path, line: c.line, level: "failure", message: c.body })),
  };
}

/**
 * The AI reviewer's PR review was posted (docs/ai-review.md). It counts only when the app's own identity
 * posted it and it names the running review attempt by number and nonce. Its cost counts against the
 * task's budget; its verdict becomes `conductor/review`; with `required`, a request for changes fails the
 * author attempt with the review as its feedback, so the next author attempt starts from it.
 */
export function onAiReviewPosted(s: Step, event: EventOf<"AiReviewPosted">): void {
  const { r, ctx } = s;
  const m = findModule(r, event.module);
  if (!m) return;
  const { review } = event;
  if (!event.author_is_app) {
    log(s, `${m.name}: ignored a review not posted by the app (@${event.reviewer})`);
    return;
  }
  const attempt = runningAttempt(m);
  if (
    attempt?.mode !== "review" ||
    attempt.number !== review.attempt ||
    attempt.nonce !== review.nonce ||
    review.task !== r.issue
  ) {
    log(s, `${m.name}: ignored a review for attempt ${review.attempt} that is not the running review`);
    return;
  }
  attempt.state = "done";
  attempt.ended_at = ctx.now;
  attempt.usage = review.usage;
  r.cost_usd += review.usage.usd;
  m.next_mode = "implement";
  m.infra_streak = 0;
  const head = headFacts(m, review.head_sha, ctx.now);
  head.review = { attempt: attempt.number, verdict: review.verdict };
  const gating = r.config.gates.ai_review === "required";
  emit(s, {
    type: "CreateReviewCheck",
    id: eid(s, "review-check", m.key, review.head_sha, attempt.number),
    module: m.key,
    head_sha: review.head_sha,
    verdict: review.verdict,
    gating,
    review_id: event.review_id,
    summary: review.summary,
  });
  const verdict = review.verdict === "approve" ? "approved" : "requested changes";
  log(s, `${m.name}: the AI reviewer ${verdict} on ${review.head_sha.slice(0, 7)}${gating ? "" : " (advisory)"}`);
  const author = m.attempts.find((a) => a.number === head.result_attempt);
  m.state = "verifying";
  if (review.verdict === "request_changes" && gating && review.head_sha === m.head_sha && author) {
    const reason = `${REVIEW_CHECK_NAME}: changes requested — ${firstLine(review.summary)}`;
    const check = reviewCheck(review);
    m.gate = { head_sha: review.head_sha, status: "red", reasons: [reason], at: ctx.now };
    failAttempt(s, m, author, {
      kind: "red",
      reason,
      signature: gateSignature([check], []),
      feedback: gateFeedback(author.number, [reason], [check], []),
      charged: true,
      escalate: null,
    });
    advance(s);
    return;
  }
  // An approval, an advisory verdict, or a review of a head that has moved on: the gate decides again.
  applyGate(s, m);
  advance(s);
}

/**
 * A result comment for a review attempt: the publish job refused it (a review attempt that tried to edit)
 * or the reviewer failed to submit a review. An infrastructure failure is retried like any; anything else
 * escalates, since another review by the same means would fail the same way.
 */
export function reviewFailed(s: Step, m: ModuleRecord, attempt: Attempt, result: Result): void {
  const spent = result.usage.input_tokens + result.usage.output_tokens > 0;
  const reason = `the review attempt ${attempt.number} failed: ${result.error ?? result.status}`;
  attempt.usage = result.usage;
  s.r.cost_usd += result.usage.usd;
  const infra = result.stop_reason === "error";
  failAttempt(s, m, attempt, {
    kind: infra ? "infra" : "red",
    reason,
    signature: `review:${infra ? "error" : result.stop_reason}`,
    feedback: infraFeedback(attempt.number, reason),
    charged: spent,
    escalate: infra ? null : reason,
  });
  advance(s);
}

const firstLine = (text: string): string => {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line || "(no summary)";
};
