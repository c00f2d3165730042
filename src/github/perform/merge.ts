import { z } from "zod";
import type { Event } from "../../core/events.js";
import { getPull } from "../find-pull.js";
import { requestFailure } from "../http-error.js";
import { outcomeId, type Performer } from "./perform-env.js";

const Merged = z.object({ sha: z.string() });

const READY =
  "mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }";

/**
 * Rule: merge with `sha` = the verified head, so a moved head is never merged (DESIGN §1.7). GitHub's
 * refusals are answers, not crashes: 409 → the head moved; 405 (and 422) → not mergeable now. A 405 on a
 * PR that is already merged (this effect performed before, its outcome lost) reports the merge instead,
 * and one on a PR still in draft (the executor marks it ready; a human may have turned it back) marks it
 * ready — only GraphQL can — and tries once more.
 */
export const merge: Performer<"Merge"> = async (effect, env): Promise<Event[]> => {
  const id = outcomeId(effect);
  const merged = (sha: string): Event[] => [
    { type: "PullMerged", id, module: effect.module, number: effect.pr, merge_sha: sha },
  ];
  const rejected = (reason: "head_moved" | "not_mergeable"): Event[] => [
    { type: "MergeRejected", id, module: effect.module, head_sha: effect.sha, reason },
  ];
  for (let round = 0; round < 2; round++) {
    try {
      const res = await env.octokit.request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", {
        ...env.repo,
        pull_number: effect.pr,
        sha: effect.sha,
        merge_method: effect.method,
      });
      return merged(Merged.parse(res.data).sha);
    } catch (error) {
      const failure = requestFailure(error);
      if (failure?.status === 409) return rejected("head_moved");
      if (failure?.status !== 405 && failure?.status !== 422) throw error;
      env.log.info({ module: effect.module, pr: effect.pr, answer: failure.text }, "merge refused");
      const pull = await getPull(env.octokit, env.repo, effect.pr);
      if (pull.merged && pull.merge_commit_sha) return merged(pull.merge_commit_sha);
      if (round > 0 || !pull.draft || !pull.node_id || pull.state !== "open") return rejected("not_mergeable");
      await env.octokit.request("POST /graphql", { query: READY, variables: { id: pull.node_id } });
    }
  }
  return rejected("not_mergeable");
};
