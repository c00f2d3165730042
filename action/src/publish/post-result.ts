import type { Octokit } from "@octokit/rest";
import type { Result } from "../../../src/protocol/result.js";
import type { Logger } from "../logger.js";
import type { ModulePr } from "../read-brief.js";
import { type ResultExtras, renderResultComment } from "../render-result.js";

const READY_FOR_REVIEW = `mutation ($id: ID!) {
  markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } }
}`;

/**
 * Marks the module PR ready for review and posts the result comment; returns the result as posted
 * (output tails may be shortened to fit a comment). Ready-for-review goes through GraphQL because it
 * is the only API for it: REST `PATCH /pulls/{n}` with `draft: false` is ignored.
 */
export async function postResult(
  octokit: Octokit,
  pr: ModulePr,
  result: Result,
  logger: Logger,
  notes: readonly string[] = [],
  extras: ResultExtras = {},
): Promise<{ commentUrl: string; posted: Result }> {
  if (pr.draft && result.stop_reason !== "error") {
    // Best effort: the result comment matters more, and a PR a human already marked ready is fine.
    await octokit.graphql(READY_FOR_REVIEW, { id: pr.nodeId }).then(
      () => logger.info("marked ready for review", { pr: pr.number }),
      (error: unknown) => logger.warn("could not mark the PR ready for review", { error: String(error) }),
    );
  }
  const { body, result: posted } = renderResultComment(result, notes, extras);
  const { data } = await octokit.rest.issues.createComment({
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.number,
    body,
  });
  logger.info("posted result", { pr: pr.number, comment: data.html_url, status: result.status });
  return { commentUrl: data.html_url, posted };
}
