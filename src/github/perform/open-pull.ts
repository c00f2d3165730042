import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";
import { findOpenPull, PullData } from "../reads/find-pull.js";

export type OpenPullInput = { title: string; head: string; base: string; body: string; draft: boolean };

/** Opens a PR, idempotently: when GitHub says a PR for this head already exists, that PR is the answer. */
export async function openPull(octokit: GitHubClient, repo: RepoRef, input: OpenPullInput): Promise<PullData> {
  try {
    const res = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...repo, ...input });
    return PullData.parse(res.data);
  } catch (error) {
    if (isFailure(error, 422, /already exists/i)) {
      const existing = await findOpenPull(octokit, repo, input.head);
      if (existing) return existing;
    }
    throw error;
  }
}
