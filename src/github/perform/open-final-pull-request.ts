import { issueText } from "../reads/issue-text.js";
import { renderFinalBody } from "./final-pr-body.js";
import { openPull } from "./open-pull.js";
import { outcomeId, type Performer, requireRecord } from "./perform-env.js";

/** Rule: a PR for the integration branch already exists → that is the final PR. */
export const openFinalPullRequest: Performer<"OpenFinalPullRequest"> = async (effect, env) => {
  const record = requireRecord(env);
  const { title } = await issueText(env);
  const pull = await openPull(env.octokit, env.repo, {
    title,
    head: effect.head,
    base: effect.base,
    body: renderFinalBody(record),
    draft: false,
  });
  return [{ type: "FinalPullOpened", id: outcomeId(effect), number: pull.number }];
};
