import { hasRole } from "../config/roles.js";
import { abortTask } from "./abort.js";
import { advance } from "./advance.js";
import { cancelRunning } from "./dispatch.js";
import type { EventOf } from "./events.js";
import { statusLabels } from "./labels.js";
import type { TaskRecord, TaskStatus } from "./record.js";
import { requestPlan } from "./start.js";
import { eid, emit, log, runningAttempt, type Step } from "./step.js";

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
  withdrawUnsentDispatches(s);
}

/**
 * "Nothing new is dispatched" while paused (DESIGN §1.11) covers dispatches already decided but still in
 * the outbox (GitHub refused them for now, or the process stopped before sending): they are taken out and
 * their attempt is cancelled uncharged, so the module waits as queued (`backoff`, due now) and the resume
 * dispatches a new attempt. Should the dispatch have reached GitHub after all, `CancelRun` finds that run
 * by its nonce and cancels it, and its result, naming a cancelled attempt, is not taken.
 */
function withdrawUnsentDispatches(s: Step): void {
  const { r, ctx } = s;
  const unsent = r.outbox.filter((e) => e.type === "Dispatch");
  if (unsent.length === 0) return;
  r.outbox = r.outbox.filter((e) => e.type !== "Dispatch");
  for (const effect of unsent) {
    const m = r.modules.find((x) => x.key === effect.module);
    if (!m || runningAttempt(m)?.number !== effect.attempt) continue;
    cancelRunning(s, m);
    m.state = "backoff";
    m.due_at = ctx.now;
    log(s, `${m.name}: attempt ${effect.attempt} not dispatched: the task is paused`);
  }
}

/**
 * Whether a body edit can change anything: while paused (a resume may re-plan), or while a broken spec
 * waits for a fix. The adapter asks this before it reads the editor's role, so other edits cost no request.
 */
export function editMatters(r: TaskRecord): boolean {
  return r.status === "paused" || (r.status === "planning" && r.plan_errors.length > 0);
}

/**
 * Only body edits reach the core, and only a writer's edit may change the plan: whoever can edit the issue
 * (its author, a triager) must not be able to rewrite the task. An edit by anyone else is logged and, while
 * paused, also cancels an earlier writer's edit, since the body that would be read is no longer theirs.
 */
export function onIssueEdited(s: Step, event: EventOf<"IssueEdited">): void {
  const { r } = s;
  if (!editMatters(r)) return;
  r.last_edit = { by: event.sender, role: event.role, at: s.ctx.now };
  const writer = hasRole(event.role, "write");
  if (r.status === "paused") r.spec_changed = writer;
  if (!writer) {
    log(s, `issue edited by @${event.sender} (${event.role ?? "no access"}): ignored, the plan follows only writers`);
    return;
  }
  if (r.status === "planning") requestPlan(s, "the issue was edited");
}

/** Closing the issue aborts the task as `/abort` would (DESIGN §1.11). */
export function onIssueClosed(s: Step, event: EventOf<"IssueClosed">): void {
  abortTask(s, `the issue was closed by @${event.sender}`);
}
