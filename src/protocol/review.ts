import { z } from "zod";
import { Usage } from "./result.js";

export const REVIEW_VERSION = 1;

/** The most line comments one review carries; more are folded into the summary by the executor. */
export const MAX_REVIEW_COMMENTS = 30;

/** A comment on one line of the diff's new side (GitHub's review comment `path` + `line`, side RIGHT). */
export const ReviewComment = z.object({
  path: z.string().min(1),
  line: z.number().int().positive(),
  body: z.string().min(1).max(4000),
});
export type ReviewComment = z.infer<typeof ReviewComment>;

export const ReviewVerdict = z.enum(["approve", "request_changes"]);
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;

/**
 * A review attempt's answer (docs/ai-review.md), the counterpart of `Result` for mode `review`. It travels
 * in the PR review's body inside `<!-- conductor:review <base64-json> -->`, posted by the app's bot
 * identity; the app reads the verdict from here, whatever event GitHub let the review carry.
 */
export const ReviewReport = z.object({
  version: z.literal(REVIEW_VERSION),
  task: z.number().int().positive(),
  module: z.string().min(1),
  /** The review attempt: its own number and nonce, never the author's. */
  attempt: z.number().int().positive(),
  nonce: z.string().min(1),
  /** The head that was reviewed (the author attempt's pushed commit). */
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  verdict: ReviewVerdict,
  summary: z.string().max(8000),
  comments: z.array(ReviewComment).max(MAX_REVIEW_COMMENTS),
  usage: Usage,
  turns: z.number().int().nonnegative(),
});
export type ReviewReport = z.infer<typeof ReviewReport>;
