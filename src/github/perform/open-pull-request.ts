import { renderBriefBody } from "../brief-body.js";
import { openPull } from "./open-pull.js";
import { outcomeId, type Performer } from "./perform-env.js";

/** Rule: a PR for this head already exists → that PR is the one (see `openPull`). */
export const openPullRequest: Performer<"OpenPullRequest"> = async (effect, env) => {
  const pull = await openPull(env.octokit, env.repo, {
    title: effect.title,
    head: effect.head,
    base: effect.base,
    body: renderBriefBody(effect.brief),
    draft: effect.draft,
  });
  return [
    { type: "PullOpened", id: outcomeId(effect), module: effect.module, number: pull.number, head_sha: pull.head.sha },
  ];
};
