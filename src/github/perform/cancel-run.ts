import { isFailure } from "../octokit/http-error.js";
import { findRunByNonce } from "../reads/find-run.js";
import { type Performer, requireRecord } from "./perform-env.js";

/**
 * Rule: a run that already finished cannot be cancelled, and GitHub says so with a 409: that is success.
 * Without a run id the run is found by the nonce in its name; none found means it never started.
 */
export const cancelRun: Performer<"CancelRun"> = async (effect, env) => {
  const record = requireRecord(env);
  const module = record.modules.find((m) => m.key === effect.module);
  let runId = effect.run_id;
  if (runId === null && module) {
    const run = await findRunByNonce(
      env.octokit,
      env.repo,
      record.config.executor.workflow,
      module.branch,
      effect.nonce,
    );
    if (!run || run.status === "completed") return [];
    runId = run.id;
  }
  if (runId === null) return [];
  try {
    await env.octokit.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", {
      ...env.repo,
      run_id: runId,
    });
  } catch (error) {
    if (!isFailure(error, 409) && !isFailure(error, 404)) throw error;
  }
  return [];
};
