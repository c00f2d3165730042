import { gitAuthEnv } from "./git-auth-env.js";
import type { Git } from "./hardened-git.js";
import type { Logger } from "./logger.js";
import type { ModulePr } from "./read-brief.js";

/** What merging the base left for the model: files with conflicts, and every file the merge changed. */
export interface MergeState {
  base: string;
  conflicted: string[];
  merged: string[];
}

export interface MergeOptions {
  git: Git;
  pr: ModulePr;
  token: string;
  serverUrl: string;
  logger: Logger;
}

/**
 * For a `resolve_conflict` brief: fetches the PR's base (the integration head) and merges it into the
 * checkout without committing, leaving conflict markers for the model to resolve. The harness commits
 * the merge with the rest of the work, so the pushed head is a merge commit and the PR is mergeable.
 */
export async function startMerge(options: MergeOptions): Promise<MergeState> {
  const { pr, git } = options;
  const ref = `refs/remotes/origin/${pr.base}`;
  const fetch = await git(
    ["fetch", "-q", "--no-tags", "origin", `+refs/heads/${pr.base}:${ref}`],
    gitAuthEnv(options.serverUrl, options.token),
  );
  if (fetch.code !== 0) throw new Error(`could not fetch ${pr.base}: ${fetch.stderr.trim()}`);
  const identity = [
    "-c",
    `user.name=${pr.bot.login}`,
    "-c",
    `user.email=${pr.bot.id}+${pr.bot.login}@users.noreply.github.com`,
  ];
  const merge = await git([...identity, "merge", "--no-ff", "--no-commit", ref]);
  const conflicted = await names(git, ["diff", "--name-only", "-z", "--diff-filter=U"]);
  if (merge.code !== 0 && conflicted.length === 0)
    throw new Error(`could not merge ${pr.base}: ${merge.stderr.trim()}`);
  const merged = await names(git, ["diff", "--name-only", "-z", "HEAD"]);
  options.logger.info("merged the base for conflict resolution", { base: pr.base, conflicted, merged: merged.length });
  return { base: pr.base, conflicted, merged };
}

/** Files among `conflicted` that still carry a conflict marker line. */
export async function unresolved(git: Git, conflicted: readonly string[]): Promise<string[]> {
  if (conflicted.length === 0) return [];
  const found = await git(["grep", "--no-index", "-l", "-E", "^(<{7}|>{7})( |$)", "--", ...conflicted]);
  return found.stdout.split("\n").filter((line) => line.trim() !== "");
}

async function names(git: Git, args: string[]): Promise<string[]> {
  const out = await git(args);
  return [...new Set(out.stdout.split("\0").filter((name) => name !== ""))];
}
