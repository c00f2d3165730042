import { z } from "zod";
import { MAX_REVIEW_COMMENTS, ReviewComment, ReviewVerdict } from "../../../src/protocol/review.js";
import { defineTool } from "../tools/define-tool.js";
import type { ToolContext } from "../tools/tool-context.js";

/** The input of `submit_review`: the verdict, a summary, and comments on lines the diff adds or keeps. */
export const SubmittedReview = z.object({
  verdict: ReviewVerdict.describe("approve, or request_changes when something must change before it merges"),
  summary: z.string().min(1).max(8000).describe("What you checked and, for request_changes, what must change"),
  comments: z
    .array(ReviewComment)
    .max(MAX_REVIEW_COMMENTS)
    .default([])
    .describe("Comments on lines of the diff: path, line (in the new file) and body"),
});
export type SubmittedReview = z.infer<typeof SubmittedReview>;

/**
 * `submit_review`, the reviewer's `finish` (docs/ai-review.md): accepted once, and only with comments on
 * lines the diff shows on its new side, since GitHub refuses a review comment anywhere else. A refused
 * submission says which lines, so the model can fix it.
 */
export function submitReviewTool(
  context: ToolContext,
  commentable: (path: string, line: number) => boolean,
  onSubmit: (review: SubmittedReview) => void,
) {
  let submitted = false;
  return defineTool(context, {
    name: "submit_review",
    description:
      "Call once, at the end: your verdict on the diff (approve or request_changes), a summary, and comments on specific lines. A comment's path and line must be a line the diff adds or shows as context on the new side; put anything else in the summary.",
    inputSchema: SubmittedReview,
    run: async (review) => {
      if (submitted) throw new Error("the review was already submitted");
      const outside = review.comments.filter((c) => !commentable(c.path, c.line));
      if (outside.length > 0) {
        const where = outside.map((c) => `${c.path}:${c.line}`).join(", ");
        throw new Error(`not accepted: these lines are not in the diff: ${where}. Move them to the summary.`);
      }
      submitted = true;
      onSubmit(review);
      return "Recorded. Stop here.";
    },
  });
}
