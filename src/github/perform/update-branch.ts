import { requestFailure } from "../octokit/http-error.js";
import { readRef } from "../reads/git-refs.js";
import { outcomeId, type Performer, requireRecord } from "./perform-env.js";

/** Waits between looks at the branch after GitHub accepted an update (it merges asynchronously). */
const POLL_MS = [500, 1_000, 2_000, 4_000, 8_000];

/**
 * Rule: `update-branch` with the expected head, so it never merges into a head nobody verified. GitHub
 * answers 202 and merges later, so the new head is read from the branch until it moves; if it has not
 * moved within the polls the effect stays in the outbox and the next reconcile asks again, where GitHub's
 * 422 "expected head sha didn't match" tells that the first request worked and the moved head is the answer.
 * A 422 for a merge conflict, or for a branch that has nothing to take from its base (so it is not
 * mergeable for another reason), is a conflict for the executor to resolve.
 */
export const updateBranch: Performer<"UpdateBranch"> = async (effect, env) => {
  const record = requireRecord(env);
  const branch = record.modules.find((m) => m.key === effect.module)?.branch;
  if (!branch) return [];
  const id = outcomeId(effect);
  const updated = (head_sha: string) => [{ type: "BranchUpdated" as const, id, module: effect.module, head_sha }];
  const conflict = [
    {
      type: "MergeRejected" as const,
      id,
      module: effect.module,
      head_sha: effect.expected_head_sha,
      reason: "conflict" as const,
    },
  ];
  const head = () => readRef(env.octokit, env.repo, `refs/heads/${branch}`);
  try {
    await env.octokit.request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch", {
      ...env.repo,
      pull_number: effect.pr,
      expected_head_sha: effect.expected_head_sha,
    });
  } catch (error) {
    const failure = requestFailure(error);
    if (failure?.status !== 422) throw error;
    if (/expected head sha/i.test(failure.text)) {
      const now = await head();
      if (now !== null && now !== effect.expected_head_sha) return updated(now);
    }
    env.log.info({ module: effect.module, pr: effect.pr, answer: failure.text }, "update-branch refused");
    return conflict;
  }
  for (const ms of POLL_MS) {
    await env.deps.sleep(ms);
    const now = await head();
    if (now !== null && now !== effect.expected_head_sha) return updated(now);
  }
  throw new Error(`update-branch of PR #${effect.pr} accepted, but ${branch} did not move yet`);
};
