import type { Target } from "../../core/effects.js";
import { forceRef, readRef } from "../reads/git-refs.js";
import { undoneCommits } from "../reads/undone-commits.js";
import type { PerformEnv, Performer } from "./perform-env.js";
import { postComment } from "./post-comment.js";

/**
 * Rule: a forced move to a fixed SHA ends in the same place however often it is done. A rollback is the
 * only reason for a reset, and its reply must say what changed (DESIGN §2): the commits the move discarded
 * are listed where the rollback was asked for (the task issue, or the module PR). They are read before
 * the move and posted after it, so a repeat, which finds the branch already there, posts nothing again.
 */
export const resetBranch: Performer<"ResetBranch"> = async (effect, env) => {
  const ref = `refs/heads/${effect.branch}`;
  const before = await readRef(env.octokit, env.repo, ref);
  const discarded =
    before && before !== effect.sha ? await undoneCommits(env.octokit, env.repo, effect.sha, before) : [];
  await forceRef(env.octokit, env.repo, ref, effect.sha);
  if (discarded.length === 0 || before === null) return [];
  const body = [
    `Reset \`${effect.branch}\` to \`${effect.sha.slice(0, 7)}\`, discarding ${discarded.length} commit${discarded.length === 1 ? "" : "s"} (the old head was \`${before.slice(0, 7)}\`):`,
    "",
    ...discarded,
  ].join("\n");
  await postComment(env, replyTarget(effect.module, env), body);
  return [];
};

/** A module's rollback is answered on its PR; a phase rollback on the task issue. */
function replyTarget(module: string | null, env: PerformEnv): Target {
  const pr = module === null ? null : (env.record?.modules.find((m) => m.key === module)?.pr ?? null);
  return pr === null ? { kind: "issue" } : { kind: "pull", pr };
}
