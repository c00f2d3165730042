import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";
import type { Log } from "../reconcile/log.js";

/** The Actions-hosted sweep workflow's file (docs/templates/conductor-sweep.yml). */
export const SWEEP_WORKFLOW = "conductor-sweep.yml";

/** GitHub's workflow `state`s (REST "Get a workflow"). */
const WorkflowState = z.object({ state: z.string() });

/**
 * Whether the sweep's `schedule` should run: only while a task is active. GitHub starts a scheduled run every
 * five minutes whether or not there is anything to sweep, and each run is a billed job (docs/operations.md
 * #what-it-costs); a disabled workflow starts none. `null` is "leave it as it is".
 */
export function sweepWorkflowChange(state: string, activeTasks: number): "enable" | "disable" | null {
  const enabled = state === "active";
  if (activeTasks > 0 && !enabled) return "enable";
  if (activeTasks === 0 && enabled) return "disable";
  return null;
}

/**
 * Turns the sweep workflow on while `activeTasks > 0` and off otherwise, with the `actions: write` permission
 * the app already holds. A repository without the sweep workflow (404) has nothing to turn: it is logged once
 * per run and not an error.
 */
export async function syncSweepWorkflow(
  octokit: GitHubClient,
  repo: RepoRef,
  activeTasks: number,
  log: Log,
  file: string = SWEEP_WORKFLOW,
): Promise<void> {
  let state: string;
  try {
    const res = await octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}", {
      ...repo,
      workflow_id: file,
    });
    state = WorkflowState.parse(res.data).state;
  } catch (error) {
    if (isFailure(error, 404)) {
      log.info({ workflow: file }, "no sweep workflow: active tasks are swept only when an event arrives");
      return;
    }
    throw error;
  }
  const change = sweepWorkflowChange(state, activeTasks);
  if (change === null) return;
  const route =
    change === "enable"
      ? "PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable"
      : "PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/disable";
  await octokit.request(route, { ...repo, workflow_id: file });
  log.info({ workflow: file, activeTasks }, `sweep workflow ${change}d`);
}
