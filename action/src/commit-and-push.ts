import { rm } from "node:fs/promises";
import path from "node:path";
import type { Brief } from "../../src/spec/brief.js";
import type { GitRunner } from "./deps.js";
import { gitAuthEnv } from "./git-auth-env.js";
import type { Logger } from "./logger.js";
import type { ModulePr } from "./read-brief.js";
import type { PathPolicy } from "./tools/path-policy.js";
import { type Baseline, changedPaths, unchangedSince } from "./workspace-baseline.js";

export interface PushOptions {
  git: GitRunner;
  workspace: string;
  brief: Brief;
  pr: ModulePr;
  policy: PathPolicy;
  token: string;
  /** `GITHUB_SERVER_URL`, whose credentials header is set for the push alone. */
  serverUrl: string;
  /** Paths a merge of the base brought in (resolve_conflict): they come from the base, not the model. */
  merged?: ReadonlySet<string>;
  /** What the setup steps had changed before the model ran; left alone unless changed since. */
  baseline?: Baseline;
  logger: Logger;
}

export interface PushOutcome {
  /** The branch head after the push (or the unchanged head when there was nothing to push). */
  headSha: string;
  committed: boolean;
  pushed: boolean;
  /** Changes outside the module's paths or to protected paths, put back before committing. */
  reverted: string[];
}

/**
 * Commits whatever the model left in the checkout as the app's bot and pushes it to the module branch
 * with the app's token (a push with `GITHUB_TOKEN` would start no CI). Changes a command made outside
 * the module's paths, or to protected paths, are reverted first: the tools refuse such writes, but a
 * shell command can still make them. Hooks are off, so nothing in the checkout runs while the token is
 * in git's environment.
 */
export async function commitAndPush(options: PushOptions): Promise<PushOutcome> {
  const { brief, pr } = options;
  const git = async (args: string[], env?: Record<string, string>) => {
    const out = await options.git(["-c", "core.hooksPath=/dev/null", ...args], {
      cwd: options.workspace,
      ...(env ? { env } : {}),
    });
    if (out.code !== 0) throw new Error(`git ${args[0]} failed (exit ${out.code}): ${out.stderr.trim()}`);
    return out.stdout;
  };
  const untouched = options.baseline ? await unchangedSince(options.workspace, options.baseline) : [];
  const reverted = await revertForbidden(options, git, new Set(untouched));
  await git(["add", "-A"]);
  if (untouched.length > 0) await git(["reset", "-q", "--", ...untouched]);
  const staged = await options.git(["diff", "--cached", "--quiet"], { cwd: options.workspace });
  const merging = await options.git(["rev-parse", "-q", "--verify", "MERGE_HEAD"], { cwd: options.workspace });
  // A merge of the base is committed even when it changes no file: it is what makes the PR mergeable.
  const committed = staged.code === 1 || merging.code === 0;
  if (committed) {
    const email = `${pr.bot.id}+${pr.bot.login}@users.noreply.github.com`;
    const message = `conductor #${brief.task}: ${brief.module} (attempt ${brief.attempt})\n\nTask #${brief.task}, phase ${brief.phase}, module ${brief.module}, attempt ${brief.attempt}.\nConductor-Nonce: ${brief.nonce}`;
    await git([
      "-c",
      `user.name=${pr.bot.login}`,
      "-c",
      `user.email=${email}`,
      "-c",
      "commit.gpgsign=false",
      "commit",
      "-q",
      "-m",
      message,
    ]);
  }
  const headSha = (await git(["rev-parse", "HEAD"])).trim();
  const pushed = headSha !== pr.headSha;
  if (pushed) {
    await git(["push", "-q", "origin", `HEAD:refs/heads/${pr.branch}`], gitAuthEnv(options.serverUrl, options.token));
    options.logger.info("pushed", { branch: pr.branch, head_sha: headSha, committed });
  }
  return { headSha, committed, pushed, reverted };
}

/** Puts back every changed path the policy forbids, except `untouched` ones; returns them. */
async function revertForbidden(
  options: PushOptions,
  git: (args: string[]) => Promise<string>,
  untouched: ReadonlySet<string>,
): Promise<string[]> {
  const forbidden = (await changedPaths(options.git, options.workspace)).filter(
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
