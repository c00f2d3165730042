import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";

const RefData = z.object({ object: z.object({ sha: z.string() }) });

/** `refs/heads/x` → `heads/x`: the `{ref}` parameter of the git refs API has no `refs/` prefix. */
const short = (ref: string): string => ref.replace(/^refs\//, "");

/** The SHA a ref points at, or `null` when it does not exist. `ref` is full, e.g. `refs/heads/main`. */
export async function readRef(octokit: GitHubClient, repo: RepoRef, ref: string): Promise<string | null> {
  try {
    const res = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: short(ref) });
    return RefData.parse(res.data).object.sha;
  } catch (error) {
    if (isFailure(error, 404)) return null;
    throw error;
  }
}

/** The head SHA of a branch; throws when the branch does not exist (the caller cannot go on without it). */
export async function branchHead(octokit: GitHubClient, repo: RepoRef, branch: string): Promise<string> {
  const sha = await readRef(octokit, repo, `refs/heads/${branch}`);
  if (sha === null) throw new Error(`branch ${branch} does not exist in ${repo.owner}/${repo.repo}`);
  return sha;
}

/**
 * Makes `ref` point at `sha`, idempotently: created when missing; already there is success; pointing
 * elsewhere is moved when `move` (force) and otherwise left alone. Returns where the ref points now.
 */
export async function putRef(
  octokit: GitHubClient,
  repo: RepoRef,
  ref: string,
  sha: string,
  move: boolean,
): Promise<string> {
  try {
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...repo, ref, sha });
    return sha;
  } catch (error) {
    if (!isFailure(error, 422, /already exists/i)) throw error;
  }
  const current = await readRef(octokit, repo, ref);
  if (current === sha) return sha;
  if (current !== null && !move) return current;
  return forceRef(octokit, repo, ref, sha);
}

/** Moves `ref` to `sha` whatever it pointed at (Conductor's own branches and refs only). */
export async function forceRef(octokit: GitHubClient, repo: RepoRef, ref: string, sha: string): Promise<string> {
  try {
    await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: short(ref), sha, force: true });
  } catch (error) {
    // Deleted meanwhile (GitHub answers 422 "Reference does not exist"): create it instead.
    if (!isFailure(error, 422, /does not exist/i)) throw error;
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...repo, ref, sha });
  }
  return sha;
}
