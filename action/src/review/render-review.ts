import { encodeMarker } from "../../../src/protocol/marker.js";
import type { ReviewReport } from "../../../src/protocol/review.js";

/**
 * The PR review's body: the summary a human reads, the line comments that could not be attached (none
 * when GitHub took them), and the hidden `conductor:review` marker the app reads the verdict from.
 */
export function renderReviewBody(review: ReviewReport, options: { fallback: boolean }): string {
  const verdict = review.verdict === "approve" ? "✅ Approve" : "❌ Request changes";
  const lines = [`### Conductor's AI review: ${verdict}`, "", review.summary.trim() || "(no summary)"];
  if (options.fallback) {
    lines.push(
      "",
      `_GitHub does not let an app approve or request changes on a pull request it opened, so this review is posted as a comment; its verdict is the check \`conductor/review\`._`,
    );
  }
  lines.push(
    "",
    `<sub>Review attempt ${review.attempt} of ${review.head_sha.slice(0, 7)} · ${review.turns} turns · $${review.usage.usd.toFixed(2)}</sub>`,
    "",
    encodeMarker("review", review),
  );
  return lines.join("\n");
}
