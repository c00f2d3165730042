/**
 * Actions-hosted mode's entry (`node lib/src/actions-entry.js` in docs/templates/conductor-app.yml): runs the
 * app for the workflow's event, and fails the job when a reconcile failed or the environment is incomplete.
 */
import { setFailed } from "@actions/core";
import { runInActions } from "./github/actions-hosted/actions-mode.js";

try {
  const errors = await runInActions(process.env);
  if (errors.length > 0) setFailed(`${errors.length} reconcile(s) failed; the log above says why`);
} catch (error) {
  setFailed(error instanceof Error ? error.message : String(error));
}
