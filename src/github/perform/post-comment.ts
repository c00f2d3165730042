import { z } from "zod";
import type { Target } from "../../core/effects.js";
import type { TaskEnv } from "../reconcile/task-env.js";

const CommentData = z.object({ id: z.number().int().positive(), html_url: z.string() });
export type CommentData = z.infer<typeof CommentData>;

/** The issue or PR number a target names. */
export const targetNumber = (env: Pick<TaskEnv, "issue">, target: Target): number =>
  target.kind === "issue" ? env.issue : target.pr;

/** Posts a comment on the task issue or a task PR. */
export async function postComment(env: TaskEnv, target: Target, body: string): Promise<CommentData> {
  const res = await env.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...env.repo,
    issue_number: targetNumber(env, target),
    body,
  });
  return CommentData.parse(res.data);
}
