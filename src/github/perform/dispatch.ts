import { z } from "zod";
import { isFailure } from "../octokit/http-error.js";
import { findRunByNonce } from "../reads/find-run.js";
import { missingWorkflowMessage } from "./missing-workflow.js";
import { outcomeId, type Performer } from "./perform-env.js";

const DispatchResponse = z.object({ workflow_run_id: z.number().int().positive() });

/**
 * Rule: a dispatch is looked up by its nonce before it is re-sent (DESIGN §7). An effect decided by this
 * very reconcile cannot have been sent yet, so only an effect found waiting in the outbox pays for the
 * lookup. `return_run_details` asks GitHub for the run id at once; GitHub versions that do not know the
 * parameter refuse it with a 422, and the dispatch is sent again without it. A 404 means GitHub does not
 * know the workflow there: the error thrown says which file, which branch and what to merge (`missingWorkflowMessage`),
 * and becomes the module's reason when the dispatch is given up.
 */
export const dispatch: Performer<"Dispatch"> = async (effect, env) => {
  const { octokit, repo } = env;
  const reported = (run_id: number | null) => [
    {
      type: "Dispatched" as const,
      id: outcomeId(effect),
      module: effect.module,
      attempt: effect.attempt,
      nonce: effect.nonce,
      run_id,
    },
  ];
  if (!env.fresh) {
    const run = await findRunByNonce(octokit, repo, effect.workflow, effect.ref, effect.nonce);
    if (run) return reported(run.id);
  }
  // Workflow inputs are strings on GitHub's side; the executor parses them back (action/src/inputs.ts).
  const request = {
    ...repo,
    workflow_id: effect.workflow,
    ref: effect.ref,
    inputs: {
      task: String(env.issue),
      pr: String(effect.pr),
      attempt: String(effect.attempt),
      nonce: effect.nonce,
    },
  };
  try {
    const res = await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...request,
      return_run_details: true,
    });
    const details = DispatchResponse.safeParse(res.data);
    return reported(details.success ? details.data.workflow_run_id : null);
  } catch (error) {
    if (isFailure(error, 404))
      throw new Error(await missingWorkflowMessage(octokit, repo, effect.workflow, effect.ref));
    if (!isFailure(error, 422, /return_run_details/)) throw error;
    await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", request);
    return reported(null);
  }
};
