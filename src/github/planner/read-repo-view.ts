import { z } from "zod";
import { type GitHubClient, httpFailure, type RepoRef } from "../octokit/client.js";
import { README_LIMIT, utf8Head } from "./planner-prompt.js";

/** What the planner sees of a repository: its file paths and the head of its README. */
export interface RepoView {
  tree: string[];
  /** GitHub returns at most 100,000 entries (7 MB) of a recursive tree and says when it cut the list. */
  treeTruncated: boolean;
  readmeHead: string;
}

const Tree = z.object({
  truncated: z.boolean(),
  tree: z.array(z.object({ path: z.string(), type: z.string() })),
});

/**
 * Reads the view of `ref` (a branch name or SHA) the planner needs: the recursive tree's file paths
 * (`GET /git/trees/{ref}?recursive=1`, blobs only: directories are implied by their files) and the first
 * `readmeLimit` bytes of the README GitHub would show (`GET /readme`, raw). No README is an empty head.
 */
export async function readRepoView(
  octokit: GitHubClient,
  repo: RepoRef,
  ref: string,
  readmeLimit = README_LIMIT,
): Promise<RepoView> {
  const [tree, readme] = await Promise.all([readTree(octokit, repo, ref), readReadme(octokit, repo, ref)]);
  return { tree: tree.paths, treeTruncated: tree.truncated, readmeHead: utf8Head(readme, readmeLimit) };
}

async function readTree(octokit: GitHubClient, repo: RepoRef, ref: string) {
  const response = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
    ...repo,
    tree_sha: ref,
    recursive: "1",
  });
  const tree = Tree.parse(response.data);
  return {
    paths: tree.tree.filter((entry) => entry.type === "blob").map((entry) => entry.path),
    truncated: tree.truncated,
  };
}

async function readReadme(octokit: GitHubClient, repo: RepoRef, ref: string): Promise<string> {
  try {
    const response = await octokit.request("GET /repos/{owner}/{repo}/readme", {
      ...repo,
      ref,
      mediaType: { format: "raw" },
    });
    // With the raw media type GitHub sends the file itself, which Octokit hands back as a string.
    return z.string().parse(response.data);
  } catch (error) {
    if (httpFailure(error)?.status === 404) return "";
    throw error;
  }
}
