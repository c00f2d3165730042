import type { ModuleRecord, TaskRecord } from "../core/record.js";
import type { HistorySample } from "./estimate.js";
import { moduleSize } from "./module-size.js";

/** What one module (or the task) actually cost: the same quantities an estimate ranges over. */
export interface Actual {
  attempts: number;
  input_tokens: number;
  output_tokens: number;
  usd: number;
  /** From its first dispatch to its merge; null when it never merged. */
  wall_ms: number | null;
}

/** When the module merged: its own time, or for records from before it was kept, its phase's checkpoint. */
function mergedAt(r: TaskRecord, m: ModuleRecord): number | null {
  if (m.state !== "merged") return null;
  return m.merged_at ?? r.checkpoints.find((c) => c.phase === m.phase)?.at ?? null;
}

const firstDispatch = (m: ModuleRecord): number | null =>
  m.attempts.length === 0 ? null : Math.min(...m.attempts.map((a) => a.dispatched_at));

/**
 * A module's actuals from the record (docs/estimates.md#actuals): every dispatch counts as an attempt;
 * prompt tokens are uncached + cache reads + cache writes, as the estimate counts them.
 */
export function moduleActual(r: TaskRecord, m: ModuleRecord): Actual {
  const used = m.attempts.flatMap((a) => (a.usage ? [a.usage] : []));
  const merged = mergedAt(r, m);
  const start = firstDispatch(m);
  return {
    attempts: m.attempts.length,
    input_tokens: used.reduce((n, u) => n + u.input_tokens + u.cache_read_tokens + u.cache_write_tokens, 0),
    output_tokens: used.reduce((n, u) => n + u.output_tokens, 0),
    usd: used.reduce((n, u) => n + u.usd, 0),
    wall_ms: merged === null || start === null ? null : Math.max(0, merged - start),
  };
}

/** The task's actuals: sums, and wall time from the first dispatch to the last merge (null until all merged). */
export function taskActual(r: TaskRecord): Actual {
  const each = r.modules.map((m) => moduleActual(r, m));
  const starts = r.modules.flatMap((m) => firstDispatch(m) ?? []);
  const ends = r.modules.map((m) => mergedAt(r, m));
  const done = ends.every((e) => e !== null) && starts.length > 0;
  return {
    attempts: each.reduce((n, a) => n + a.attempts, 0),
    input_tokens: each.reduce((n, a) => n + a.input_tokens, 0),
    output_tokens: each.reduce((n, a) => n + a.output_tokens, 0),
    usd: each.reduce((n, a) => n + a.usd, 0),
    wall_ms: done ? Math.max(...ends.map((e) => e ?? 0)) - Math.min(...starts) : null,
  };
}

/** The module's brief in the record's plan, for its size and role. */
function planned(r: TaskRecord, m: ModuleRecord) {
  const phase = r.plan?.phases.find((p) => p.number === m.phase);
  const module = phase?.modules.find((x) => x.slug === m.slug);
  return phase && module ? moduleSize(phase, module) : null;
}

/**
 * The history samples of one task record: its merged modules, when the task is done (a task still running
 * or stopped would count its easy modules and leave out its hard ones).
 */
export function historySamples(r: TaskRecord): HistorySample[] {
  if (r.status !== "done") return [];
  return r.modules.flatMap((m) => {
    const actual = moduleActual(r, m);
    const size = planned(r, m);
    if (actual.wall_ms === null || size === null) return [];
    return [
      {
        task: r.issue,
        module: m.name,
        role: size.role,
        units: size.units,
        attempts: actual.attempts,
        input_tokens: actual.input_tokens,
        output_tokens: actual.output_tokens,
        usd: actual.usd,
        wall_ms: actual.wall_ms,
      },
    ];
  });
}
