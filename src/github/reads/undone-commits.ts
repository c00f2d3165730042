import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";

const Compare = z.object({
  commits: z.array(
    z.object({
      sha: z.string(),
      commit: z.object({ message: z.string(), author: z.object({ name: z.string().optional() }).nullable() }),
      author: z.object({ login: z.string(), type: z.string().optional() }).nullable(),
    }),
  ),
});

/**
 * The commits a rollback from `head` to `to` undoes (`GET /compare/{to}...{head}`, oldest first), one
 * Markdown list line each: short SHA, subject, author, and human commits flagged, because those are the
 * ones nobody can re-run (DESIGN §2). GitHub lists at most 250 commits here; that is plenty for a task.
 */
export async function undoneCommits(octokit: GitHubClient, repo: RepoRef, to: string, head: string): Promise<string[]> {
  const res = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
    ...repo,
    basehead: `${to}...${head}`,
  });
  return Compare.parse(res.data).commits.map((c) => {
    const human = c.author?.type !== "Bot";
    const who = c.author?.login ?? c.commit.author?.name ?? "unknown";
    return `- \`${c.sha.slice(0, 7)}\` ${c.commit.message.split("\n")[0]} — ${who}${human ? " **(human commit)**" : ""}`;
  });
}
