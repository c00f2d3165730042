import type { Event } from "../../core/events.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";
import type { PullData } from "../reads/find-pull.js";
import { branchHead, forceRef } from "../reads/git-refs.js";
import { renderBriefBody } from "./brief-body.js";
import { startLabel } from "./create-branch.js";
import { type OpenPullInput, openPull } from "./open-pull.js";
import { outcomeId, type Performer, subIssueOf } from "./perform-env.js";
import { startCommit } from "./start-commit.js";

/** GitHub's 422 for a draft in a private repository on a Free or Pro plan (docs: "Draft pull requests"). */
const DRAFTS_REFUSED = /draft pull requests are not supported/i;

/**
 * Rule: a PR for this head already exists → that PR is the one (see `openPull`).
 *
 * `CreateBranch` puts the branch on its start commit, so the PR opens at once. A branch that still sits on
 * its base (made by an earlier version of the app, or reset since) is refused with "No commits between …":
 * then the start commit is put on it and the PR is opened again.
 *
 * A repository that refuses drafts answers 422 "Draft pull requests are not supported in this repository";
 * no retry changes that, so the PR is opened ready for review at once and `PullOpened` says `draft: false`
 * (the core records it and the dashboard says CI may run before the first push —
 * docs/architecture.md#ready-for-review-fallback).
 */
export const openPullRequest: Performer<"OpenPullRequest"> = async (effect, env) => {
  const input: OpenPullInput = {
    title: effect.title,
    head: effect.head,
    base: effect.base,
    body: renderBriefBody(effect.brief, subIssueOf(env, effect.module)),
    draft: effect.draft,
  };
  const opened = await openDraftOrReady(env.octokit, env.repo, input).catch(async (error: unknown) => {
    if (!isFailure(error, 422, /no commits between/i)) throw error;
    const tip = await branchHead(env.octokit, env.repo, effect.head);
    const start = await startCommit(env, tip, startLabel(effect.module, env));
    await forceRef(env.octokit, env.repo, `refs/heads/${effect.head}`, start);
    return openDraftOrReady(env.octokit, env.repo, input);
  });
  const event: Event = {
    type: "PullOpened",
    id: outcomeId(effect),
    module: effect.module,
    number: opened.pull.number,
    head_sha: opened.pull.head.sha,
  };
  return [opened.draft ? event : { ...event, draft: false }];
};

/** Opens the PR as asked; a repository that refuses drafts gets it ready for review instead. */
async function openDraftOrReady(
  octokit: GitHubClient,
  repo: RepoRef,
  input: OpenPullInput,
): Promise<{ pull: PullData; draft: boolean }> {
  try {
    return { pull: await openPull(octokit, repo, input), draft: input.draft };
  } catch (error) {
    if (!input.draft || !isFailure(error, 422, DRAFTS_REFUSED)) throw error;
    return { pull: await openPull(octokit, repo, { ...input, draft: false }), draft: false };
  }
}
