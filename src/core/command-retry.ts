import type { Config } from "../config/schema.js";
import { advance, currentPhase } from "./advance.js";
import { closeEpisode } from "./escalate.js";
import { statusLabels } from "./labels.js";
import type { ModuleRecord, ModuleState } from "./record.js";
import { requestPlan } from "./start.js";
import { effectiveStatus, eid, emit, log, type Step, setStatus } from "./step.js";

/** Module states `/retry` restarts; others are busy, finished or not started. */
const RETRYABLE: readonly ModuleState[] = ["failed", "rolled_back", "closed", "backoff", "verifying", "green"];

/** Why a module cannot be retried now, or null when it can. */
export function retryRefusal(s: Step, m: ModuleRecord): string | null {
  const phase = currentPhase(s.r);
  // A module of a later phase that started early (its dependencies merged) may be retried like any other.
  if (phase !== null && m.phase > phase && m.state === "pending") {
    return `${m.name} belongs to phase ${m.phase}, which has not started`;
  }
  if (RETRYABLE.includes(m.state)) return null;
  if (m.state === "merged") return `${m.name} is already merged`;
  if (m.state === "pending") return `${m.name} has not started yet`;
  return `${m.name} is busy (${m.state}); try again when it has reported`;
}

/** Put a module back in the queue in a fresh budget window, carrying the maintainer's note. */
export function requeue(s: Step, m: ModuleRecord, note: string | null): void {
  m.window += 1;
  m.infra_streak = 0;
  m.note = note;
  m.reason = null;
  m.gate = null;
  m.due_at = s.ctx.now;
  // A closed PR cannot take new work: the module opens a new one from the phase base.
  if (m.state === "closed" || m.pr === null) {
    if (m.pr !== null) m.old_prs.push(m.pr);
    m.state = "pending";
    m.pr = null;
    m.head_sha = null;
    m.heads = [];
    m.approved_sha = null;
    m.approvers = [];
  } else {
    m.state = "backoff";
  }
}

/**
 * A `/retry` continues the task: it closes the blocked episode, takes the current configuration (a
 * raised budget counts from now) and clears the circuit breaker.
 */
export function resumeAfterRetry(s: Step, config: Config): void {
  const { r } = s;
  const wasBlocked = r.escalation.open || effectiveStatus(r) !== "running";
  r.config = config;
  r.failures = [];
  closeEpisode(s);
  setStatus(r, "running");
  if (wasBlocked) {
    emit(s, {
      type: "SetLabels",
      id: eid(s, "labels", "running", "retry", r.escalation.episode, r.rollbacks),
      ...statusLabels("running"),
    });
  }
}

/** `/retry` on a module PR. Returns the refusal to reply with, or null when accepted. */
export function retryModule(s: Step, m: ModuleRecord, note: string | null, sender: string): string | null {
  const refusal = retryRefusal(s, m);
  if (refusal) return refusal;
  requeue(s, m, note);
  resumeAfterRetry(s, s.ctx.config);
  log(s, `${m.name}: /retry by @${sender}`);
  advance(s);
  return null;
}

/**
 * `/retry` on the task: every stopped module of the current phase (and of later phases that started
 * early) goes again. Null when accepted.
 */
export function retryTask(s: Step, note: string | null, sender: string): string | null {
  const { r } = s;
  const status = effectiveStatus(r);
  if (status === "planning" && r.plan_errors.length > 0) {
    requestPlan(s, `/retry by @${sender}`);
    return null;
  }
  const phase = currentPhase(r);
  const stopped = r.modules.filter(
    (m) => phase !== null && m.phase >= phase && ["failed", "rolled_back", "closed"].includes(m.state),
  );
  if (stopped.length === 0 && status !== "blocked" && status !== "rolled_back") {
    return "nothing to retry: no module is stopped and the task is not blocked";
  }
  for (const m of stopped) requeue(s, m, note);
  resumeAfterRetry(s, s.ctx.config);
  log(s, `/retry by @${sender}: ${stopped.length} module(s) again`);
  advance(s);
  return null;
}
