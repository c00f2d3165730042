import { z } from "zod";
import type { TaskEnv } from "../reconcile/task-env.js";

const IssueData = z.object({ title: z.string(), body: z.string().nullable().optional() });

/**
 * The task issue's title and body: from the webhook that started this reconcile when it carried them,
 * else read once (and kept for the rest of the reconcile).
 */
export async function issueText(env: TaskEnv): Promise<{ title: string; body: string }> {
  if (env.hints.title !== undefined && env.hints.body !== undefined) {
    return { title: env.hints.title, body: env.hints.body };
  }
  const res = await env.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
    ...env.repo,
    issue_number: env.issue,
  });
  const data = IssueData.parse(res.data);
  env.hints.title = data.title;
  env.hints.body = data.body ?? "";
  return { title: data.title, body: data.body ?? "" };
}
