import type { EffectType } from "./effects.js";
import { statusLabels } from "./labels.js";
import { eid, emit, isTerminal, log, type Step } from "./step.js";
import { stopModule } from "./stop-module.js";

/**
 * Effects that start or advance work. An abort drops those still waiting in the outbox, so nothing is
 * dispatched or merged after it even when the adapter had not performed them yet.
 */
const WORK: ReadonlySet<EffectType> = new Set<EffectType>([
  "RequestPlan",
  "CreateBranch",
  "OpenPullRequest",
  "UpdateBrief",
  "Dispatch",
  "CreateVerifyCheck",
  "Merge",
  "UpdateBranch",
  "OpenFinalPullRequest",
  "WriteIncomingFile",
  "OpenSubIssue",
]);

/**
 * Stop the task (DESIGN §2 `/abort`, §1.11 issue closed): cancel running executors, close the open
 * module PRs with the reason, label `conductor:aborted`. Merged work stays merged.
 */
export function abortTask(s: Step, reason: string): void {
  const { r } = s;
  if (isTerminal(r)) return;
  for (const m of r.modules) {
    stopModule(s, m, `Conductor aborted the task: ${reason}`);
    if (m.state !== "merged") {
      m.state = "closed";
      m.due_at = null;
    }
  }
  r.outbox = r.outbox.filter((e) => !WORK.has(e.type));
  r.status = "aborted";
  r.paused_from = null;
  r.escalation = { ...r.escalation, open: false, reason: null };
  emit(s, { type: "SetLabels", id: eid(s, "labels", "aborted"), ...statusLabels("aborted") });
  log(s, `aborted: ${reason}`);
}
