import { renderBriefBody } from "../brief-body.js";
import { branchHead, forceRef } from "../git-refs.js";
import { isFailure } from "../http-error.js";
import { startCommit } from "../start-commit.js";
import { startLabel } from "./create-branch.js";
import { openPull } from "./open-pull.js";
import { outcomeId, type Performer } from "./perform-env.js";

/**
 * Rule: a PR for this head already exists → that PR is the one (see `openPull`).
 *
 * `CreateBranch` puts the branch on its start commit, so the PR opens at once. A branch that still sits on
 * its base (made by an earlier version of the app, or reset since) is refused with "No commits between …":
 * then the start commit is put on it and the PR is opened again.
 */
export const openPullRequest: Performer<"OpenPullRequest"> = async (effect, env) => {
  const input = {
    title: effect.title,
    head: effect.head,
    base: effect.base,
    body: renderBriefBody(effect.brief),
    draft: effect.draft,
  };
  const pull = await openPull(env.octokit, env.repo, input).catch(async (error: unknown) => {
    if (!isFailure(error, 422, /no commits between/i)) throw error;
    const tip = await branchHead(env.octokit, env.repo, effect.head);
    const start = await startCommit(env, tip, startLabel(effect.module, env));
    await forceRef(env.octokit, env.repo, `refs/heads/${effect.head}`, start);
    return openPull(env.octokit, env.repo, input);
  });
  return [
    { type: "PullOpened", id: outcomeId(effect), module: effect.module, number: pull.number, head_sha: pull.head.sha },
  ];
};
