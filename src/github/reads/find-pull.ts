import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";

export const PullData = z.object({
  number: z.number().int().positive(),
  node_id: z.string().optional(),
  state: z.string(),
  html_url: z.string(),
  merged: z.boolean().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  draft: z.boolean().optional(),
  /** `clean`, `behind`, `dirty` (a conflict), `blocked` (branch rules), `unknown` while GitHub computes it. */
  mergeable_state: z.string().nullish(),
  head: z.object({ ref: z.string(), sha: z.string() }),
});
export type PullData = z.infer<typeof PullData>;

/** The open PR whose head is `branch` of this repository, if any (GitHub allows one per head and base). */
export async function findOpenPull(octokit: GitHubClient, repo: RepoRef, branch: string): Promise<PullData | null> {
  const res = await octokit.request("GET /repos/{owner}/{repo}/pulls", {
    ...repo,
    head: `${repo.owner}:${branch}`,
    state: "open",
    per_page: 10,
  });
  return z.array(PullData).parse(res.data)[0] ?? null;
}

/** One PR. */
export async function getPull(octokit: GitHubClient, repo: RepoRef, pr: number): Promise<PullData> {
  const res = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: pr });
  return PullData.parse(res.data);
}
