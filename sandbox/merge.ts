import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type GitIdentity, gitText, identityEnv } from "./git.js";
import { commitTree, type Repo } from "./objects.js";
import { commitsBetween, mergeBase } from "./refs.js";

/** The result of a three-way merge computed without a worktree. */
export interface MergeTreeResult {
  clean: boolean;
  /** The merged tree (with conflict markers when not clean). */
  tree: string;
  /** Paths git could not merge. */
  conflicts: string[];
}

/**
 * Merges two commits with `git merge-tree --write-tree` (git ≥ 2.38): a real merge with conflict
 * detection, in the object store only.
 */
export async function mergeTrees(repo: Repo, ours: string, theirs: string): Promise<MergeTreeResult> {
  const { code, stdout } = await repo.git(
    ["merge-tree", "--write-tree", "--name-only", "--no-messages", ours, theirs],
    {
      okCodes: [1, 128],
    },
  );
  const lines = stdout.toString("utf8").split("\n").filter(Boolean);
  // 128 is "refusing to merge unrelated histories": GitHub reports such a PR as not mergeable.
  if (code === 128) return { clean: false, tree: "", conflicts: [] };
  return { clean: code === 0, tree: lines[0] ?? "", conflicts: [...new Set(lines.slice(1))] };
}

/** What a merge method needs: the two tips, the message and who commits. */
export interface MergeInput {
  base: string;
  head: string;
  message: string;
  /** The author (and committer unless `committer` is given). */
  identity: GitIdentity;
  committer?: GitIdentity;
}

/** A merge commit with parents `[base, head]`; undefined on conflict. */
export async function createMergeCommit(repo: Repo, input: MergeInput): Promise<string | undefined> {
  const merged = await mergeTrees(repo, input.base, input.head);
  if (!merged.clean) return undefined;
  return commitTree(repo, {
    tree: merged.tree,
    parents: [input.base, input.head],
    message: input.message,
    author: input.identity,
    ...(input.committer ? { committer: input.committer } : {}),
  });
}

/** A single commit on top of `base` with the merged tree; undefined on conflict. */
export async function createSquashCommit(repo: Repo, input: MergeInput): Promise<string | undefined> {
  const merged = await mergeTrees(repo, input.base, input.head);
  if (!merged.clean) return undefined;
  return commitTree(repo, {
    tree: merged.tree,
    parents: [input.base],
    message: input.message,
    author: input.identity,
    ...(input.committer ? { committer: input.committer } : {}),
  });
}

/**
 * Replays the head's commits on top of `base` (GitHub's "rebase and merge"). git 2.39's merge-tree
 * cannot take an explicit merge base, so this one uses a throw-away worktree and `cherry-pick`.
 * Undefined when a commit does not apply.
 */
export async function createRebasedCommits(
  repo: Repo,
  input: Omit<MergeInput, "message">,
): Promise<string | undefined> {
  const from = await mergeBase(repo, input.base, input.head);
  if (!from) return undefined;
  const commits = await commitsBetween(repo, from, input.head, 10_000);
  if (commits.length === 0) return input.base;
  const tree = join(repo.tmpDir, `wt-${randomBytes(6).toString("hex")}`);
  await repo.git(["worktree", "add", "--detach", "--quiet", tree, input.base]);
  try {
    const env = { ...identityEnv(input.identity, input.committer), GIT_EDITOR: "true" };
    const picked = await repo.git(["cherry-pick", "--allow-empty", "--keep-redundant-commits", ...commits], {
      cwd: tree,
      env,
      okCodes: [1, 128],
    });
    if (picked.code !== 0) return undefined;
    return await gitText(repo.git, ["rev-parse", "HEAD"], { cwd: tree });
  } finally {
    await repo.git(["worktree", "remove", "--force", tree], { okCodes: [128] });
    await rm(tree, { recursive: true, force: true });
    await repo.git(["worktree", "prune"]);
  }
}
