import { z } from "zod";
import type { GitHubClient, RepoRef } from "../client.js";
import { findOpenPull, PullData } from "../find-pull.js";
import { branchHead, forceRef } from "../git-refs.js";
import { isFailure } from "../http-error.js";

export type OpenPullInput = { title: string; head: string; base: string; body: string; draft: boolean };

const CommitData = z.object({ sha: z.string(), tree: z.object({ sha: z.string() }) });

/**
 * Opens a PR, idempotently: when GitHub says a PR for this head already exists, that PR is the answer.
 *
 * A fresh module branch sits exactly on its base, and GitHub refuses a PR with "No commits between …".
 * Then an empty commit (the same tree, message saying what it is for) is put on the branch and the PR is
 * opened again; the executor's commits follow it, and the squash merge makes it disappear.
 */
export async function openPull(octokit: GitHubClient, repo: RepoRef, input: OpenPullInput): Promise<PullData> {
  for (let round = 0; round < 2; round++) {
    try {
      const res = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...repo, ...input });
      return PullData.parse(res.data);
    } catch (error) {
      if (isFailure(error, 422, /already exists/i)) {
        const existing = await findOpenPull(octokit, repo, input.head);
        if (existing) return existing;
      }
      if (round > 0 || !isFailure(error, 422, /no commits between/i)) throw error;
      await startCommit(octokit, repo, input.head);
    }
  }
  throw new Error(`could not open a PR for ${input.head}`);
}

async function startCommit(octokit: GitHubClient, repo: RepoRef, branch: string): Promise<void> {
  const tip = await branchHead(octokit, repo, branch);
  const parent = CommitData.parse(
    (await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...repo, commit_sha: tip })).data,
  );
  const created = await octokit.request("POST /repos/{owner}/{repo}/git/commits", {
    ...repo,
    message: `conductor: start ${branch}\n\nAn empty commit, so that GitHub accepts the draft PR before the executor's work.`,
    tree: parent.tree.sha,
    parents: [tip],
  });
  await forceRef(octokit, repo, `refs/heads/${branch}`, z.object({ sha: z.string() }).parse(created.data).sha);
}
