import { findHead } from "./heads.js";
import type { HeadFacts, ModuleRecord, TaskRecord } from "./record.js";

/** The check run the AI reviewer's verdict becomes (docs/ai-review.md). */
export const REVIEW_CHECK_NAME = "conductor/review";

/**
 * Whether a green head still waits for the AI reviewer (`gates.ai_review`, docs/ai-review.md). `advisory`
 * waits for the review to be posted too, so every module PR carries it before it merges, but its verdict
 * never stops the merge.
 */
export function awaitsReview(r: TaskRecord, head: HeadFacts | undefined): boolean {
  return r.config.gates.ai_review !== "off" && currentReview(head) === null;
}

/**
 * The review of the head's current result: a review attempt always comes after the author attempt it reads,
 * so a verdict given before the head's result attempt (an author attempt that changed nothing after a request
 * for changes reports on the same SHA) is about earlier work and does not stand for this one.
 */
function currentReview(head: HeadFacts | undefined): HeadFacts["review"] {
  const review = head?.review ?? null;
  if (review === null || head?.result_attempt == null) return review;
  return review.attempt > head.result_attempt ? review : null;
}

/** Whether the AI reviewer lets the module's head merge: always when off or advisory, else on an approval. */
export function reviewAllowsMerge(r: TaskRecord, m: ModuleRecord): boolean {
  const mode = r.config.gates.ai_review;
  if (mode === "off") return true;
  const review = m.head_sha === null ? null : currentReview(findHead(m, m.head_sha));
  if (review === null) return false;
  return mode === "advisory" || review.verdict === "approve";
}
