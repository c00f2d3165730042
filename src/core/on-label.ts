import { hasRole } from "../config/roles.js";
import { abortTask } from "./abort.js";
import { advance } from "./advance.js";
import type { EventOf } from "./events.js";
import { statusLabels } from "./labels.js";
import type { TaskStatus } from "./record.js";
import { requestPlan } from "./start.js";
import { eid, emit, log, type Step } from "./step.js";

/** Statuses a label removal pauses. */
const PAUSABLE: readonly TaskStatus[] = ["planning", "awaiting_approval", "running", "blocked", "rolled_back"];

/** The polite refusal when someone without `write` adds the trigger label (DESIGN §1.1). */
export function labelRefusal(sender: string, label: string): string {
  return `@${sender} thanks — only people with write access can start Conductor, so the \`${label}\` label was not acted on. Ask a maintainer to add it.`;
}

/**
 * The trigger label came back on a paused task: resume where it was. If the issue body changed while
 * paused and nothing has merged yet, the plan is read again first (DESIGN §1.11).
 */
export function onLabelAdded(s: Step, event: EventOf<"LabelAdded">): void {
  const { r, ctx } = s;
  if (!hasRole(event.role, "write")) {
    emit(s, {
      type: "Comment",
      id: eid(s, "label-refused", event.id),
      target: { kind: "issue" },
      body: labelRefusal(event.sender, r.config.trigger.label),
    });
    return;
  }
  if (r.status !== "paused") return;
  r.config = ctx.config;
  r.assignees = event.assignees;
  const resumed = r.paused_from ?? "running";
  r.status = resumed;
  r.paused_from = null;
  log(s, `resumed by @${event.sender}`);
  const nothingMerged = r.modules.every((m) => m.state !== "merged");
  if (r.spec_changed && nothingMerged && resumed !== "blocked") {
    r.spec_changed = false;
    requestPlan(s, "the issue changed while paused");
    return;
  }
  if (resumed === "running") {
    emit(s, { type: "SetLabels", id: eid(s, "labels", "running", "resume", r.revision), ...statusLabels("running") });
  }
  advance(s);
}

/** Removing the trigger label pauses: no new dispatch or merge; running executors still report. */
export function onLabelRemoved(s: Step, event: EventOf<"LabelRemoved">): void {
  const { r } = s;
  if (!PAUSABLE.includes(r.status)) return;
  r.paused_from = r.status;
  r.status = "paused";
  log(s, `paused by @${event.sender}`);
}

/** Only body edits reach the core; they matter while paused, or while a broken spec waits for a fix. */
export function onIssueEdited(s: Step, _event: EventOf<"IssueEdited">): void {
  const { r } = s;
  if (r.status === "paused") {
    r.spec_changed = true;
    return;
  }
  if (r.status === "planning" && r.plan_errors.length > 0) requestPlan(s, "the issue was edited");
}

/** Closing the issue aborts the task as `/abort` would (DESIGN §1.11). */
export function onIssueClosed(s: Step, event: EventOf<"IssueClosed">): void {
  abortTask(s, `the issue was closed by @${event.sender}`);
}
