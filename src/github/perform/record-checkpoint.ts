import { putRef } from "../reads/git-refs.js";
import type { Performer } from "./perform-env.js";

/** `refs/conductor/<issue>/checkpoint-<phase>` (the effect's JSDoc, src/core/effects.ts). */
export const checkpointRef = (issue: number, phase: number): string => `refs/conductor/${issue}/checkpoint-${phase}`;

/**
 * Rule: the ref is put at the checkpoint's SHA, moved if a later life of the task (after a rollback)
 * checkpoints the phase again. It lives outside `refs/heads`, so it is no branch: no CI runs on it, it is
 * not in branch pickers, and it keeps the checkpoint's commits reachable for a rollback.
 */
export const recordCheckpoint: Performer<"RecordCheckpoint"> = async (effect, env) => {
  await putRef(env.octokit, env.repo, checkpointRef(env.issue, effect.phase), effect.sha, true);
  return [];
};
