import { forceRef } from "../git-refs.js";
import type { Performer } from "./perform-env.js";

/** Rule: a forced move to a fixed SHA ends in the same place however often it is done. */
export const resetBranch: Performer<"ResetBranch"> = async (effect, env) => {
  await forceRef(env.octokit, env.repo, `refs/heads/${effect.branch}`, effect.sha);
  return [];
};
