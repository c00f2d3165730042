import { getPull } from "../reads/find-pull.js";
import { outcomeId, type Performer } from "./perform-env.js";

/**
 * Rule: a PR that is already closed (or merged) is left alone, so performing this again adds no second
 * comment; otherwise the reason is posted first, so whoever sees the closed PR sees why.
 */
export const closePullRequest: Performer<"ClosePullRequest"> = async (effect, env) => {
  const closed = [{ type: "PullClosed" as const, id: outcomeId(effect), module: effect.module, number: effect.pr }];
  const pull = await getPull(env.octokit, env.repo, effect.pr);
  if (pull.state !== "open") return pull.merged ? [] : closed;
  await env.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...env.repo,
    issue_number: effect.pr,
    body: effect.reason,
  });
  await env.octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", {
    ...env.repo,
    pull_number: effect.pr,
    state: "closed",
  });
  return closed;
};
