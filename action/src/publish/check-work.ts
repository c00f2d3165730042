import { stat } from "node:fs/promises";
import picomatch from "picomatch";
import type { Brief } from "../../../src/protocol/brief.js";
import { BUNDLE_REF, type WorkArtifact } from "../artifact.js";
import { commitMessage } from "../commit-message.js";
import { gitAuthEnv } from "../git-auth-env.js";
import type { Git } from "../hardened-git.js";
import type { ModulePr } from "../read-brief.js";

/** The most a bundle may weigh, and the most paths one attempt may change (DESIGN §8 "size limits"). */
export const MAX_BUNDLE_BYTES = 100 * 1024 * 1024;
export const MAX_CHANGED_PATHS = 5000;

const INCOMING = "refs/conductor/incoming";
const GITLINK = "160000";

export interface CheckOptions {
  /** Hardened git on the publish job's fresh checkout (its own `.git`, written by actions/checkout). */
  git: Git;
  brief: Brief;
  pr: ModulePr;
  artifact: WorkArtifact & { commit: string };
  bundleFile: string;
  token: string;
  serverUrl: string;
}

export type Checked = { ok: true; commit: string } | { ok: false; problems: string[] };

/**
 * Takes the work job's commit in without running anything of it, and re-commits its tree as the
 * app's bot on top of the branch head (DESIGN §8): the bundle must weigh at most MAX_BUNDLE_BYTES,
 * fetch cleanly with every object checked (`transfer.fsckObjects`), hold exactly the commit the
 * artifact names, have the brief's head as its first parent (and, for a conflict resolution, a
 * commit of the base branch as its second), change no path outside the module's `Paths` or inside
 * protected paths (unless the base branch brought that change) and add no submodule. Nothing is
 * checked out: the model's files never reach this job's disk as files, so no hook, config or
 * package script of theirs can run.
 */
export async function checkWork(options: CheckOptions): Promise<Checked> {
  const { git, brief, pr, artifact } = options;
  const out = async (args: string[], env?: Record<string, string>) => {
    const run = await git(args, env);
    return { ok: run.code === 0, text: run.stdout.trim(), error: run.stderr.trim() };
  };
  const size = (await stat(options.bundleFile).catch(() => null))?.size;
  if (size === undefined) return fail(`the artifact names commit ${artifact.commit} but holds no bundle`);
  if (size > MAX_BUNDLE_BYTES) return fail(`the bundle weighs ${size} bytes, over the ${MAX_BUNDLE_BYTES} limit`);
  if (artifact.base_sha !== pr.headSha) {
    return fail(`the module branch moved from ${artifact.base_sha} to ${pr.headSha} while the work job ran`);
  }
  const fetched = await out([
    "-c",
    "protocol.file.allow=always",
    "-c",
    "transfer.fsckObjects=true",
    "fetch",
    "-q",
    "--no-tags",
    "--no-write-fetch-head",
    options.bundleFile,
    `+${BUNDLE_REF}:${INCOMING}`,
  ]);
  if (!fetched.ok) return fail(`the bundle does not apply on ${pr.headSha}: ${fetched.error}`);
  const incoming = (await out(["rev-parse", "--verify", `${INCOMING}^{commit}`])).text;
  if (incoming !== artifact.commit) return fail(`the bundle holds ${incoming}, not the commit ${artifact.commit}`);

  const [, first, second, ...more] = (await out(["rev-list", "--parents", "-n", "1", incoming])).text.split(" ");
  if (first !== pr.headSha || more.length > 0) {
    return fail(`the work's commit must have the branch head ${pr.headSha} as its one parent`);
  }
  let fromBase = new Set<string>();
  if (second !== undefined) {
    if (brief.mode !== "resolve_conflict") return fail("the work's commit is a merge, but the brief asks for none");
    const baseRef = `refs/remotes/origin/${pr.base}`;
    const base = await out(
      ["fetch", "-q", "--no-tags", "origin", `+refs/heads/${pr.base}:${baseRef}`],
      gitAuthEnv(options.serverUrl, options.token),
    );
    if (!base.ok) return fail(`could not fetch the base branch ${pr.base}: ${base.error}`);
    if (!(await out(["merge-base", "--is-ancestor", second, baseRef])).ok) {
      return fail(`the merge's second parent ${second} is not a commit of ${pr.base}`);
    }
    const mergeBase = (await out(["merge-base", pr.headSha, second])).text;
    fromBase = new Set(nulList((await out(["diff", "--name-only", "-z", "--no-renames", mergeBase, second])).text));
  }

  const raw = (await out(["diff-tree", "-r", "-z", "--no-renames", "--raw", pr.headSha, incoming])).text;
  const changes = parseRaw(raw);
  if (changes.length > MAX_CHANGED_PATHS) {
    return fail(`the work changes ${changes.length} paths, over the ${MAX_CHANGED_PATHS} limit`);
  }
  const inPaths = brief.paths.length > 0 ? picomatch([...brief.paths], { dot: true }) : () => true;
  const isProtected =
    brief.protected_paths.length > 0 ? picomatch([...brief.protected_paths], { dot: true }) : () => false;
  const problems: string[] = [];
  for (const { path, newMode } of changes) {
    if (newMode === GITLINK) problems.push(`${path} is a submodule (gitlink); the executor never adds one`);
    else if (fromBase.has(path)) continue;
    else if (isProtected(path)) problems.push(`${path} is protected`);
    else if (!inPaths(path)) problems.push(`${path} is outside the module's paths (${brief.paths.join(", ")})`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const tree = (await out(["rev-parse", `${incoming}^{tree}`])).text;
  const email = `${pr.bot.id}+${pr.bot.login}@users.noreply.github.com`;
  const identity = {
    GIT_AUTHOR_NAME: pr.bot.login,
    GIT_AUTHOR_EMAIL: email,
    GIT_COMMITTER_NAME: pr.bot.login,
    GIT_COMMITTER_EMAIL: email,
  };
  const parents = [pr.headSha, ...(second ? [second] : [])].flatMap((p) => ["-p", p]);
  const made = await out(["commit-tree", tree, ...parents, "-m", commitMessage(brief)], identity);
  if (!made.ok) return fail(`could not commit the work's tree: ${made.error}`);
  return { ok: true, commit: made.text };
}

function fail(problem: string): Checked {
  return { ok: false, problems: [problem] };
}

function nulList(text: string): string[] {
  return text.split("\0").filter((p) => p !== "");
}

/** `git diff-tree -z --raw`: `:oldmode newmode oldsha newsha status` NUL path NUL, per change. */
function parseRaw(text: string): { path: string; newMode: string }[] {
  const parts = text.split("\0");
  const changes: { path: string; newMode: string }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i] ?? "";
    const path = parts[i + 1] ?? "";
    if (!meta.startsWith(":") || path === "") continue;
    changes.push({ path, newMode: meta.slice(1).split(" ")[1] ?? "" });
  }
  return changes;
}
