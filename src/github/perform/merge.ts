import { z } from "zod";
import type { Event } from "../../core/events.js";
import { getPull } from "../find-pull.js";
import { requestFailure } from "../http-error.js";
import { outcomeId, type Performer } from "./perform-env.js";

const Merged = z.object({ sha: z.string() });

/**
 * Rule: merge with `sha` = the verified head, so a moved head is never merged (DESIGN §1.7). GitHub's
 * refusals are answers, not crashes: 409 → the head moved; 405 (and 422) → not mergeable now. A 405 on a
 * PR that is already merged (this effect performed before, its outcome lost) reports the merge instead.
 */
export const merge: Performer<"Merge"> = async (effect, env): Promise<Event[]> => {
  const id = outcomeId(effect);
  const rejected = (reason: "head_moved" | "not_mergeable"): Event[] => [
    { type: "MergeRejected" as const, id, module: effect.module, head_sha: effect.sha, reason },
  ];
  try {
    const res = await env.octokit.request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", {
      ...env.repo,
      pull_number: effect.pr,
      sha: effect.sha,
      merge_method: effect.method,
    });
    return [
      { type: "PullMerged", id, module: effect.module, number: effect.pr, merge_sha: Merged.parse(res.data).sha },
    ];
  } catch (error) {
    const failure = requestFailure(error);
    if (failure?.status === 409) return rejected("head_moved");
    if (failure?.status !== 405 && failure?.status !== 422) throw error;
    env.log.info({ module: effect.module, pr: effect.pr, answer: failure.text }, "merge refused");
    const pull = await getPull(env.octokit, env.repo, effect.pr);
    if (pull.merged && pull.merge_commit_sha) {
      return [{ type: "PullMerged", id, module: effect.module, number: effect.pr, merge_sha: pull.merge_commit_sha }];
    }
    return rejected("not_mergeable");
  }
};
