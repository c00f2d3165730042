import type { Ctx } from "./ctx.js";
import type { Effect } from "./effects.js";
import { effectId } from "./ids.js";
import { type Attempt, LIMITS, type ModuleRecord, type TaskRecord, type TaskStatus } from "./record.js";

/**
 * One transition in progress: a private copy of the record that handlers change in place, and the
 * effects decided so far. `transition` makes the copy, so the function stays pure from outside.
 */
export type Step = {
  r: TaskRecord;
  ctx: Ctx;
  effects: Effect[];
};

/** Decide an effect. Its id comes from `eid`, so the same decision always has the same id. */
export function emit(s: Step, effect: Effect): void {
  s.effects.push(effect);
}

/** The effect id for `parts` in this task generation. */
export function eid(s: Step, ...parts: (string | number)[]): string {
  return effectId(s.r, ...parts);
}

/** Add a line to the dashboard's recent events. */
export function log(s: Step, text: string): void {
  s.r.log.push({ at: s.ctx.now, text });
  if (s.r.log.length > LIMITS.log) s.r.log.splice(0, s.r.log.length - LIMITS.log);
}

/** The module with this key, if the plan has it. */
export function findModule(r: TaskRecord, key: string): ModuleRecord | undefined {
  return r.modules.find((m) => m.key === key);
}

/** The module's attempt that has not reported yet; at most one exists. */
export function runningAttempt(m: ModuleRecord): Attempt | undefined {
  return m.attempts.find((a) => a.state === "running");
}

/** The last attempt, whatever its state. */
export function lastAttempt(m: ModuleRecord): Attempt | undefined {
  return m.attempts[m.attempts.length - 1];
}

/** Charged attempts in the module's current budget window. */
export function chargedInWindow(m: ModuleRecord): Attempt[] {
  return m.attempts.filter((a) => a.charged && a.window === m.window);
}

/** True while the module's PR is open and Conductor's work on it is not finished. */
export function hasOpenPull(m: ModuleRecord): boolean {
  return m.pr !== null && m.state !== "merged" && m.state !== "closed" && m.state !== "pending";
}

/** Statuses in which nothing more happens until a new task starts. */
export function isTerminal(r: TaskRecord): boolean {
  return r.status === "done" || r.status === "aborted";
}

/** The status a paused task will return to, or the status itself. */
export function effectiveStatus(r: TaskRecord): TaskStatus {
  return r.status === "paused" ? (r.paused_from ?? "running") : r.status;
}

/** Set the status, or the status to resume to when the task is paused. */
export function setStatus(r: TaskRecord, status: TaskStatus): void {
  if (r.status === "paused") r.paused_from = status;
  else r.status = status;
}
