import type { Performer } from "./perform-env.js";

/** Rule: closing a closed issue is a no-op on GitHub (the same `PATCH`), so a repeat changes nothing. */
export const closeIssue: Performer<"CloseIssue"> = async (effect, env) => {
  await env.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
    ...env.repo,
    issue_number: env.issue,
    state: "closed",
    state_reason: effect.reason,
  });
  return [];
};
