import { realpath } from "node:fs/promises";
import { createGitRunner, gitText } from "../git.js";
import type { RepoSeed } from "../repo.js";

/** What the sandbox's repository starts from, and what its default branch is called. */
export interface RepoSource {
  seed: Pick<RepoSeed, "fromDir" | "fromGit">;
  defaultBranch: string;
  /** How the default branch was chosen, for the simulator's first line. */
  branchFrom: "--base" | "origin/HEAD" | "HEAD" | "default";
}

/** Used when nothing says otherwise: a directory that is not a repository, or a detached HEAD. */
export const FALLBACK_BRANCH = "main";

/**
 * Where `conductor simulate --repo DIR` starts from (docs/simulate.md#the-repository):
 *
 * - DIR is the top of a git work tree: the committed tree of its `HEAD`, byte for byte — tracked files
 *   that `.gitignore` matches stay, uncommitted and untracked files stay out, binary files are intact. The
 *   default branch is `base`, else the one `origin/HEAD` names (the remote's default branch, as a clone
 *   records it), else the branch checked out, else `main`.
 * - anything else (a plain directory, or a folder inside some repository such as `examples/sample-repo`):
 *   its files as they are on disk, minus what its `.gitignore` ignores, on `base` or `main`.
 */
export async function repoSource(dir: string, base?: string): Promise<RepoSource> {
  const git = createGitRunner(dir);
  const at = { cwd: dir, okCodes: [1, 128] };
  const named = (branch: string | null, from: RepoSource["branchFrom"]) =>
    base
      ? { defaultBranch: base, branchFrom: "--base" as const }
      : { defaultBranch: branch ?? FALLBACK_BRANCH, branchFrom: branch ? from : ("default" as const) };
  const top = await gitText(git, ["rev-parse", "--show-toplevel"], at);
  if (top === "" || (await realpath(top)) !== (await realpath(dir))) {
    return { seed: { fromDir: dir }, ...named(null, "default") };
  }
  const head = await gitText(git, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], at);
  if (head === "") {
    throw new Error(`${dir} is a git repository with no commits: commit the files to simulate on first`);
  }
  const remote = await gitText(git, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], at);
  const current = await gitText(git, ["symbolic-ref", "--quiet", "--short", "HEAD"], at);
  const seed = { fromGit: { dir, rev: head } };
  if (remote.startsWith("origin/")) return { seed, ...named(remote.slice("origin/".length), "origin/HEAD") };
  return { seed, ...named(current === "" ? null : current, "HEAD") };
}
