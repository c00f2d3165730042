import { z } from "zod";
import { decodeMarker } from "../../protocol/marker.js";
import { ReviewReport } from "../../protocol/review.js";
import type { BuildIO } from "../reconcile/intake.js";

const Review = z.object({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  user: z.object({ login: z.string() }).nullable(),
});

/** GitHub lists a PR's reviews oldest first, 100 a page; a module PR never has this many. */
const MAX_PAGES = 5;

/**
 * The app's AI review for `nonce` on a module PR, if it was posted (docs/ai-review.md). Used when a review
 * run ends or a tick comes, so a review whose `pull_request_review` webhook was lost, or arrives after the
 * run's end, still counts, as result comments do (find-result-comment.ts). Only the app's own identity: a
 * copy of the marker in anyone else's review is not the reviewer's verdict.
 */
export async function findAiReview(
  io: Pick<BuildIO, "octokit" | "repo" | "identity">,
  pr: number,
  nonce: string,
): Promise<{ review_id: number; reviewer: string; review: ReviewReport } | null> {
  const bot = await io.identity.botLogin();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await io.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
      ...io.repo,
      pull_number: pr,
      per_page: 100,
      page,
    });
    const reviews = z.array(Review).parse(res.data);
    for (const review of reviews) {
      if (review.user?.login !== bot) continue;
      const read = decodeMarker("review", review.body ?? "", ReviewReport);
      if (read.ok && read.value.nonce === nonce) return { review_id: review.id, reviewer: bot, review: read.value };
    }
    if (reviews.length < 100) break;
  }
  return null;
}
