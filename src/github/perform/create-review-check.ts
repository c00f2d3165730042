import { REVIEW_CHECK_NAME } from "../../core/review-gate.js";
import type { Performer } from "./perform-env.js";

/** GitHub's limit on a check run's output summary. */
const MAX_SUMMARY = 65_535;

/**
 * Rule: the check is the verdict the core recorded, written once per review attempt; a second run of the same
 * name and verdict on the SHA says the same thing, and only the latest counts (docs/ai-review.md). The review
 * itself, with its line comments, is on the PR; the check names it.
 */
export const createReviewCheck: Performer<"CreateReviewCheck"> = async (effect, env) => {
  const conclusion = effect.verdict === "approve" ? "success" : effect.gating ? "failure" : "neutral";
  const title =
    effect.verdict === "approve"
      ? "The AI reviewer approved"
      : `The AI reviewer requested changes${effect.gating ? "" : " (advisory: does not stop the merge)"}`;
  const pr = env.record?.modules.find((m) => m.key === effect.module)?.pr;
  const link = pr ? `\n\nThe review with its line comments is review ${effect.review_id} on #${pr}.` : "";
  await env.octokit.request("POST /repos/{owner}/{repo}/check-runs", {
    ...env.repo,
    name: REVIEW_CHECK_NAME,
    head_sha: effect.head_sha,
    status: "completed",
    conclusion,
    completed_at: new Date(env.deps.now()).toISOString(),
    output: { title, summary: `${effect.summary}${link}`.slice(0, MAX_SUMMARY) },
  });
  return [];
};
