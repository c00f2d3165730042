import { branchHead, putRef } from "../git-refs.js";
import { outcomeId, type Performer } from "./perform-env.js";

/**
 * Rule: the branch already at the wanted SHA is success; a branch elsewhere is moved when `reset_existing`
 * (Conductor's own branch left by an earlier life of the task) and otherwise reported where it is.
 */
export const createBranch: Performer<"CreateBranch"> = async (effect, env) => {
  const from = "sha" in effect.from ? effect.from.sha : await branchHead(env.octokit, env.repo, effect.from.branch);
  const sha = await putRef(env.octokit, env.repo, `refs/heads/${effect.branch}`, from, effect.reset_existing);
  const id = outcomeId(effect);
  if (effect.module === null) return [{ type: "IntegrationBranchCreated", id, branch: effect.branch, sha }];
  return [{ type: "BranchCreated", id, module: effect.module, branch: effect.branch, sha }];
};
