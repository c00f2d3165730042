import { isoNow, type SandboxContext } from "../context.js";
import { diffFiles } from "../diff.js";
import { notFound } from "../http.js";
import { mergeTrees } from "../merge.js";
import { countBetween, mergeBase, readRef } from "../refs.js";
import { pullShape } from "../shapes/pull.js";
import type { IssueRec, PullRec, PullStats } from "../state.js";
import { emit } from "../webhooks.js";

/** The pull request with this number, or 404. */
export function getPull(ctx: SandboxContext, number: number): { issue: IssueRec; pull: PullRec } {
  const issue = ctx.state.issues[number];
  const pull = ctx.state.pulls[number];
  return issue && pull ? { issue, pull } : notFound();
}

/** The current tip of a pull request's base branch (the last known one if the branch is gone). */
export async function baseTip(ctx: SandboxContext, pull: PullRec): Promise<string> {
  return (await readRef(ctx.repo, `refs/heads/${pull.base}`)) ?? pull.frozen?.base_sha ?? pull.head_sha;
}

/**
 * What GitHub computes for a pull request: mergeability by a real `merge-tree`, and commits and line
 * counts from the merge base. Memoized by base and head sha, which never change meaning.
 */
export async function pullStats(ctx: SandboxContext, pull: PullRec): Promise<PullStats> {
  if (pull.frozen) return pull.frozen;
  const base = await baseTip(ctx, pull);
  const key = `${base}:${pull.head_sha}`;
  let stats = ctx.statsMemo.get(key);
  if (!stats) {
    const from = await mergeBase(ctx.repo, base, pull.head_sha);
    const files = from ? await diffFiles(ctx.repo, from, pull.head_sha) : [];
    const merge = await mergeTrees(ctx.repo, base, pull.head_sha);
    stats = {
      base_sha: base,
      mergeable: merge.clean,
      mergeable_state: merge.clean ? "clean" : "dirty",
      commits: from ? await countBetween(ctx.repo, from, pull.head_sha) : 0,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changed_files: files.length,
    };
    ctx.statsMemo.set(key, stats);
  }
  // Draft is the pull request's own flag, not git's: it only changes how the state reads.
  return stats.mergeable && pull.draft ? { ...stats, mergeable_state: "draft" } : stats;
}

/** A pull request as the REST API and webhooks show it. */
export async function pullJson(ctx: SandboxContext, number: number) {
  const { issue, pull } = getPull(ctx, number);
  return pullShape(ctx, issue, pull, await pullStats(ctx, pull));
}

/** Emits a `pull_request` event for this pull request. */
export async function emitPull(
  ctx: SandboxContext,
  number: number,
  action: string,
  sender: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const pull_request = await pullJson(ctx, number);
  emit(ctx, "pull_request", action, { number, pull_request, ...extra }, sender);
}

/** Closes a pull request (merged or not), freezing its stats as GitHub keeps them. */
export async function closePull(ctx: SandboxContext, number: number, sender: string): Promise<void> {
  const { issue, pull } = getPull(ctx, number);
  const stats = await pullStats(ctx, pull);
  pull.frozen = { ...stats, mergeable: null, mergeable_state: "unknown" };
  const now = isoNow(ctx);
  issue.state = "closed";
  issue.closed_at = now;
  issue.updated_at = now;
  issue.closed_by = sender;
  await emitPull(ctx, number, "closed", sender);
}

/**
 * Reacts to a branch moving: open pull requests with that head get the new sha and a
 * `synchronize` event; a deleted head branch closes them, as on GitHub.
 */
export async function branchMoved(
  ctx: SandboxContext,
  branch: string,
  before: string | undefined,
  after: string | undefined,
  sender: string,
): Promise<void> {
  if (after) ctx.state.heads[branch] = after;
  else delete ctx.state.heads[branch];
  for (const pull of Object.values(ctx.state.pulls)) {
    const issue = ctx.state.issues[pull.number];
    if (issue?.state !== "open" || pull.head !== branch) continue;
    if (after === undefined) {
      await closePull(ctx, pull.number, sender);
    } else if (after !== pull.head_sha) {
      const previous = pull.head_sha;
      pull.head_sha = after;
      issue.updated_at = isoNow(ctx);
      await emitPull(ctx, pull.number, "synchronize", sender, { before: before ?? previous, after });
    }
  }
}
