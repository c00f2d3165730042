import { access } from "node:fs/promises";
import path from "node:path";
import type { Octokit } from "@octokit/rest";
import type { Result } from "../../../src/protocol/result.js";
import type { ReviewReport } from "../../../src/protocol/review.js";
import { ARTIFACT_FILES, type WorkArtifact } from "../artifact.js";
import type { Logger } from "../logger.js";
import type { ModulePr } from "../read-brief.js";
import { renderReviewBody } from "./render-review.js";

export type PublishedReview =
  | { kind: "posted"; url: string; event: "APPROVE" | "REQUEST_CHANGES" | "COMMENT" }
  | { kind: "refused"; result: Result };

/** GitHub's answer when a pull request's author (here the app, which opened it) approves or requests changes. */
const OWN_PULL = /own pull request/i;

/**
 * The publish job in mode `review` (docs/ai-review.md): refuses a review attempt that tries to edit — a
 * commit, a bundle, or changed files in its checkout — and otherwise posts the review with the App's token
 * (`POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`): APPROVE or REQUEST_CHANGES on the reviewed
 * head, with the line comments on the diff. GitHub refuses both events on a pull request its author
 * reviews, and the app opened every module PR, so on that refusal the same review is posted as a COMMENT:
 * the verdict travels in the marker and in the check `conductor/review`, not in the review's state.
 */
export async function publishReview(
  octokit: Octokit,
  pr: ModulePr,
  artifact: WorkArtifact,
  dir: string,
  logger: Logger,
): Promise<PublishedReview> {
  const edits = [
    ...(artifact.commit !== null ? [`it produced a commit (${artifact.commit})`] : []),
    ...((await exists(path.join(dir, ARTIFACT_FILES.bundle))) ? [`it left ${ARTIFACT_FILES.bundle}`] : []),
    ...(artifact.review_changes ?? []).map((p) => `it changed ${p}`),
  ];
  const refuse = (error: string): PublishedReview => ({
    kind: "refused",
    result: { ...artifact.result, head_sha: pr.headSha, status: "failed", error },
  });
  if (edits.length > 0) {
    logger.error("the review was refused", { problems: edits });
    return refuse(
      `the publish job refused the review and posted nothing: a review attempt that tries to edit: ${edits.join("; ")}`,
    );
  }
  const review = artifact.review ?? null;
  if (review === null) return { kind: "refused", result: { ...artifact.result, head_sha: pr.headSha } };
  if (review.head_sha !== pr.headSha) {
    return refuse(
      `the PR head moved to ${pr.headSha} after ${review.head_sha} was reviewed; the review was not posted`,
    );
  }
  const event = review.verdict === "approve" ? "APPROVE" : "REQUEST_CHANGES";
  try {
    return await post(octokit, pr, review, event, false);
  } catch (error) {
    if (!(error instanceof Error && "status" in error && error.status === 422 && OWN_PULL.test(error.message)))
      throw error;
    logger.info("GitHub refused the verdict on the app's own PR; posting the review as a comment", { event });
    return post(octokit, pr, review, "COMMENT", true);
  }
}

async function post(
  octokit: Octokit,
  pr: ModulePr,
  review: ReviewReport,
  event: "APPROVE" | "REQUEST_CHANGES" | "COMMENT",
  fallback: boolean,
): Promise<PublishedReview> {
  const { data } = await octokit.rest.pulls.createReview({
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    commit_id: review.head_sha,
    event,
    body: renderReviewBody(review, { fallback }),
    comments: review.comments.map((c) => ({ path: c.path, line: c.line, side: "RIGHT", body: c.body })),
  });
  return { kind: "posted", url: data.html_url, event };
}

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );
