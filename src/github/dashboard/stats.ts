import type { TaskRecord } from "../../core/record.js";
import { isTerminal } from "../../core/step.js";

/** What one task has cost and achieved so far: the dashboard's statistics section. */
export interface TaskStats {
  /** Every executor dispatch, charged or not. */
  attempts: number;
  /** Attempts that ended with a `done` result. */
  succeeded: number;
  /** Attempts that ended in any way (done, failed, infra, cancelled). */
  ended: number;
  /** `succeeded / ended`, or `null` before any attempt ended. */
  successRate: number | null;
  /** Times the task was blocked and the humans were told (one per blocked episode). */
  escalations: number;
  /** Model tokens the executor reported (input, output and cache reads and writes). */
  tokens: number;
  costUsd: number;
  /** From the label to the last change when finished, else to `now`. */
  durationMs: number;
}

/** The statistics of one task record; `now` only matters while the task is unfinished. */
export function taskStats(r: TaskRecord, now: number): TaskStats {
  const attempts = r.modules.flatMap((m) => m.attempts);
  const ended = attempts.filter((a) => a.state !== "running");
  const succeeded = ended.filter((a) => a.state === "done").length;
  const tokens = attempts.reduce((n, a) => {
    const u = a.usage;
    return u ? n + u.input_tokens + u.output_tokens + u.cache_read_tokens + u.cache_write_tokens : n;
  }, 0);
  return {
    attempts: attempts.length,
    succeeded,
    ended: ended.length,
    successRate: ended.length === 0 ? null : succeeded / ended.length,
    escalations: r.escalation.episode,
    tokens,
    costUsd: r.cost_usd,
    durationMs: Math.max(0, (isTerminal(r) ? r.updated_at : now) - r.created_at),
  };
}

/** Statistics across the tasks this process has seen, for `/healthz`. */
export interface FleetStats {
  tasks: { started: number; running: number; done: number; blocked: number; aborted: number };
  attempts: number;
  successRate: number | null;
  escalations: number;
  tokens: number;
  costUsd: number;
  /** Mean duration of the finished (done or aborted) tasks; `null` before one finished. */
  meanDurationMs: number | null;
}

/** Adds up the latest record of every task. */
export function fleetStats(records: Iterable<TaskRecord>, now: number): FleetStats {
  const fleet: FleetStats = {
    tasks: { started: 0, running: 0, done: 0, blocked: 0, aborted: 0 },
    attempts: 0,
    successRate: null,
    escalations: 0,
    tokens: 0,
    costUsd: 0,
    meanDurationMs: null,
  };
  let succeeded = 0;
  let ended = 0;
  const finished: number[] = [];
  for (const r of records) {
    const s = taskStats(r, now);
    fleet.tasks.started += 1;
    if (r.status === "done" || r.status === "aborted" || r.status === "blocked") fleet.tasks[r.status] += 1;
    else if (r.status === "running") fleet.tasks.running += 1;
    fleet.attempts += s.attempts;
    fleet.escalations += s.escalations;
    fleet.tokens += s.tokens;
    fleet.costUsd += s.costUsd;
    succeeded += s.succeeded;
    ended += s.ended;
    if (r.status === "done" || r.status === "aborted") finished.push(s.durationMs);
  }
  fleet.successRate = ended === 0 ? null : succeeded / ended;
  fleet.meanDurationMs = finished.length === 0 ? null : finished.reduce((a, b) => a + b, 0) / finished.length;
  return fleet;
}
