import { rm } from "node:fs/promises";
import path from "node:path";
import type { Brief } from "../../../src/protocol/brief.js";
import { commitMessage } from "../commit-message.js";
import { type Git, strict } from "../hardened-git.js";
import type { Logger } from "../logger.js";
import type { ModulePr } from "../read-brief.js";
import type { PathPolicy } from "../tools/path-policy.js";
import { type Baseline, changedPaths, unchangedSince } from "../workspace-baseline.js";

export interface CommitOptions {
  /** Hardened git on the private git dir (private-git-dir.ts), with the workspace as work tree. */
  git: Git;
  workspace: string;
  brief: Brief;
  pr: ModulePr;
  policy: PathPolicy;
  /** Paths a merge of the base brought in (resolve_conflict): they come from the base, not the model. */
  merged?: ReadonlySet<string>;
  /** What the setup steps had changed before the model ran; left alone unless changed since. */
  baseline?: Baseline;
  logger: Logger;
}

export interface CommitOutcome {
  /** The work's commit, or null when nothing changed. */
  commit: string | null;
  /** Changes outside the module's paths or to protected paths, put back before committing. */
  reverted: string[];
}

/**
 * Commits whatever the model left in the checkout as the app's bot, locally: the publish job pushes
 * it (DESIGN §8). Changes a command made outside the module's paths, or to protected paths, are
 * reverted first — the tools refuse such writes, but a shell command can still make them — so the
 * harness then tests exactly the tree that is committed.
 */
export async function commitWork(options: CommitOptions): Promise<CommitOutcome> {
  const { brief, pr } = options;
  const git = strict(options.git);
  const untouched = options.baseline ? await unchangedSince(options.workspace, options.baseline) : [];
  const reverted = await revertForbidden(options, new Set(untouched));
  await git(["add", "-A"]);
  if (untouched.length > 0) await git(["reset", "-q", "--", ...untouched]);
  const staged = await options.git(["diff", "--cached", "--quiet"]);
  const merging = await options.git(["rev-parse", "-q", "--verify", "MERGE_HEAD"]);
  // A merge of the base is committed even when it changes no file: it is what makes the PR mergeable.
  if (staged.code !== 1 && merging.code !== 0) return { commit: null, reverted };
  const email = `${pr.bot.id}+${pr.bot.login}@users.noreply.github.com`;
  const message = commitMessage(brief);
  await git([
    "-c",
    `user.name=${pr.bot.login}`,
    "-c",
    `user.email=${email}`,
    "-c",
    "commit.gpgsign=false",
    "commit",
    "-q",
    "--no-verify",
    "-m",
    message,
  ]);
  return { commit: (await git(["rev-parse", "HEAD"])).trim(), reverted };
}

/** Puts back every changed path the policy forbids, except `untouched` ones; returns them. */
async function revertForbidden(options: CommitOptions, untouched: ReadonlySet<string>): Promise<string[]> {
  const git = strict(options.git);
  const forbidden = (await changedPaths(options.git)).filter(
    (rel) => !untouched.has(rel) && !options.merged?.has(rel) && options.policy.writeRefusal(rel) !== null,
  );
  for (const rel of forbidden) {
    const inHead = (await git(["ls-tree", "--name-only", "HEAD", "--", rel])).trim() !== "";
    if (inHead) {
      await git(["checkout", "-q", "HEAD", "--", rel]);
    } else {
      await git(["rm", "-q", "--cached", "--ignore-unmatch", "--", rel]);
      await rm(path.join(options.workspace, rel), { force: true, recursive: true });
    }
  }
  if (forbidden.length > 0) options.logger.warn("reverted changes the module may not make", { paths: forbidden });
  return forbidden;
}
