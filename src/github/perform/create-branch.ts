import { branchHead, putRef } from "../reads/git-refs.js";
import { outcomeId, type PerformEnv, type Performer } from "./perform-env.js";
import { startCommit } from "./start-commit.js";

/**
 * Rule: the branch already at the wanted SHA is success; a branch elsewhere is moved when `reset_existing`
 * (Conductor's own branch left by an earlier life of the task) and otherwise reported where it is.
 *
 * A module branch is created on its start commit (`startCommit`), not on the base itself, so its draft PR
 * opens on the first request. The start commit is deterministic, so a retry after a crash finds the branch
 * exactly there. `BranchCreated` still reports the base: it is the module's phase base (`/rollback`).
 */
export const createBranch: Performer<"CreateBranch"> = async (effect, env) => {
  const from = "sha" in effect.from ? effect.from.sha : await branchHead(env.octokit, env.repo, effect.from.branch);
  const ref = `refs/heads/${effect.branch}`;
  const id = outcomeId(effect);
  if (effect.module === null) {
    const sha = await putRef(env.octokit, env.repo, ref, from, effect.reset_existing);
    return [{ type: "IntegrationBranchCreated", id, branch: effect.branch, sha }];
  }
  const start = await startCommit(env, from, startLabel(effect.module, env));
  const at = await putRef(env.octokit, env.repo, ref, start, effect.reset_existing);
  return [{ type: "BranchCreated", id, module: effect.module, branch: effect.branch, sha: at === start ? from : at }];
};

/**
 * What the start commit says it starts, which decides who shares it: the modules of one phase share one
 * start commit (same base, same label). Each PR still has a commit of its own between base and head, and
 * squash or rebase merges never put that commit itself into the integration branch. A merge commit would
 * (`merge.method: merge`): a sibling's PR still sitting on the shared commit would then have nothing left
 * to merge and GitHub would call it merged, so with that method every module gets its own start commit.
 */
export function startLabel(module: string, env: Pick<PerformEnv, "record" | "issue">): string {
  const record = env.record;
  const phase = record?.modules.find((m) => m.key === module)?.phase;
  if (phase === undefined || record?.config.merge.method === "merge") return `${module} of #${env.issue}`;
  return `phase ${phase} of #${env.issue}`;
}
