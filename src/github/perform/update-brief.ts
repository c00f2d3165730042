import { renderBriefBody } from "./brief-body.js";
import { type Performer, subIssueOf } from "./perform-env.js";

/** Rule: writing the same body twice is harmless; the brief for the next attempt replaces the last one. */
export const updateBrief: Performer<"UpdateBrief"> = async (effect, env) => {
  await env.octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", {
    ...env.repo,
    pull_number: effect.pr,
    body: renderBriefBody(effect.brief, subIssueOf(env, effect.module)),
  });
  return [];
};
