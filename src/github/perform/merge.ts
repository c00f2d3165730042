import { z } from "zod";
import type { Event } from "../../core/events.js";
import { requestFailure } from "../octokit/http-error.js";
import { getPull } from "../reads/find-pull.js";
import { outcomeId, type Performer } from "./perform-env.js";

const Merged = z.object({ sha: z.string() });

const READY =
  "mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }";

/**
 * GitHub's words when the target branch's rules, not the branch's content, refuse a merge (405 for a classic
 * protected branch, also for rulesets): required reviews, required status checks, a merge queue, rulesets,
 * code owners, signed commits, unresolved conversations. No executor attempt can change those.
 */
const BLOCKED_BY_RULES =
  /approving review|review (?:is|are) required|required status check|repository rule violations|merge queue|protected branch|code owner|signed|conversation/i;

type Refusal = "not_mergeable" | "conflict" | "blocked";

/**
 * What a 405/422 means. GitHub says "Pull Request is not mergeable" both for a conflict and for branch rules,
 * so the PR's `mergeable_state` decides when the words do not: `dirty` is a conflict, `blocked` the rules;
 * anything else (behind, unknown) is worth an update of the branch.
 */
export function classifyRefusal(text: string, mergeableState: string | null | undefined): Refusal {
  if (BLOCKED_BY_RULES.test(text)) return "blocked";
  if (mergeableState === "dirty") return "conflict";
  if (mergeableState === "blocked") return "blocked";
  return "not_mergeable";
}

/**
 * Rule: merge with `sha` = the verified head, so a moved head is never merged (DESIGN §1.7). GitHub's
 * refusals are answers, not crashes: 409 → the head moved; 405 (and 422) → blocked by the branch's rules,
 * a conflict, or not mergeable now (`classifyRefusal`), reported with GitHub's words. A 405 on a
 * PR that is already merged (this effect performed before, its outcome lost) reports the merge instead,
 * and one on a PR still in draft (the executor marks it ready; a human may have turned it back) marks it
 * ready — only GraphQL can — and tries once more.
 */
export const merge: Performer<"Merge"> = async (effect, env): Promise<Event[]> => {
  const id = outcomeId(effect);
  const merged = (sha: string): Event[] => [
    { type: "PullMerged", id, module: effect.module, number: effect.pr, merge_sha: sha },
  ];
  const rejected = (reason: "head_moved" | Refusal, message?: string): Event[] => [
    {
      type: "MergeRejected",
      id,
      module: effect.module,
      head_sha: effect.sha,
      reason,
      ...(message === undefined ? {} : { message }),
    },
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
      if (round > 0 || !pull.draft || !pull.node_id || pull.state !== "open") {
        return rejected(classifyRefusal(failure.text, pull.mergeable_state), failure.text);
      }
      await env.octokit.request("POST /graphql", { query: READY, variables: { id: pull.node_id } });
    }
  }
  return rejected("not_mergeable");
};
