import type { EventOf } from "./events.js";
import { log, type Step } from "./step.js";

/** Findings kept in the record: enough for the dashboard, small enough for the state branch. */
const KEPT = 20;

/**
 * The pre-flight's findings (docs/doctor.md) go into the record, so the dashboard shows them from the
 * task's start: a repository whose CI never runs on module PRs hears so now, not after a 30-minute wait.
 * Only errors and warnings are kept; nothing else changes, the task runs as it would have.
 */
export function onPreflightChecked(s: Step, event: EventOf<"PreflightChecked">): void {
  const actionable = event.findings.filter((f) => f.severity === "error" || f.severity === "warning");
  s.r.preflight = actionable.slice(0, KEPT);
  const errors = actionable.filter((f) => f.severity === "error").length;
  const warnings = actionable.length - errors;
  if (actionable.length === 0) return;
  log(
    s,
    `pre-flight: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"} (see the dashboard's pre-flight section)`,
  );
}
