import type { Performer } from "./perform-env.js";

/** Rule: GitHub keeps one reaction of a kind per user, so reacting again changes nothing. */
export const react: Performer<"React"> = async (effect, env) => {
  if (effect.target.kind === "issue") {
    await env.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/reactions", {
      ...env.repo,
      issue_number: env.issue,
      content: effect.content,
    });
  } else {
    await env.octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
      ...env.repo,
      comment_id: effect.target.comment_id,
      content: effect.content,
    });
  }
  return [];
};
