import { requestFailure } from "../octokit/http-error.js";
import type { PerformEnv, Performer } from "./perform-env.js";

/** `PATCH` an issue's state with its reason; an issue that is gone (404, 410) has nothing left to track. */
export async function setIssueState(
  env: PerformEnv,
  number: number,
  state: "open" | "closed",
  reason: "completed" | "not_planned" | "reopened",
): Promise<void> {
  try {
    await env.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...env.repo,
      issue_number: number,
      state,
      state_reason: reason,
    });
  } catch (error) {
    const status = requestFailure(error)?.status;
    if (status === 404 || status === 410) return;
    throw error;
  }
}

/**
 * Rule: the same `PATCH` twice leaves the issue as it was, so a repeat changes nothing
 * (docs/task-graph.md#sub-issues: closed as completed on merge, reopened on rollback, not planned on abort).
 */
export const setSubIssueState: Performer<"SetSubIssueState"> = async (effect, env) => {
  await setIssueState(env, effect.number, effect.state, effect.reason);
  return [];
};
