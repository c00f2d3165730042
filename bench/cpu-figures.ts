/** The CPU summary the benchmark prints for one run of the task. */
import { CPU_OWNERS, type CpuOwner, noCpu } from "./cpu-owner.js";
import type { CpuBreakdown, EventCpu } from "./cpu-per-event.js";

/** The app's CPU over one run of the task, in µs of main-thread time (bench/cpu-per-event.ts). */
export interface CpuFigures {
  /** Windows measured: webhook deliveries and sweep ticks. */
  deliveries: number;
  ticks: number;
  /** The first windows, in order, with their cost: where one-time work lands. */
  first: { name: string; app: number; requests: number }[];
  p50: number;
  p99: number;
  max: number;
  /**
   * Least squares over the windows: app CPU ≈ `base` + `perRequest` × requests in the window. What a
   * request costs the app (Octokit's stack, parsing, schemas, logging) against what an event costs anyway.
   */
  fit: { base: number; perRequest: number; requests: number };
  /** The costliest windows, costliest first, with whose code their time was spent in. */
  costliest: { name: string; app: number; requests: number; byCode: [string, number][] }[];
  /** Every window's samples by owner, summed. */
  owners: Record<CpuOwner, number>;
  /** The app's time by the nearest Conductor function on the stack, and by the function on top. */
  byFrame: [string, number][];
  bySelf: [string, number][];
  /** The app's time by whose code was on top: a package, Conductor's own, or Node's built-ins. */
  byCode: [string, number][];
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);

const top = (map: Map<string, number>, n: number): [string, number][] =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, n);

/** The least-squares line through (requests, app CPU). */
function fitPerRequest(events: readonly EventCpu[]): CpuFigures["fit"] {
  const n = events.length;
  const requests = events.reduce((sum, e) => sum + e.requests, 0);
  if (n === 0) return { base: 0, perRequest: 0, requests };
  const mx = requests / n;
  const my = events.reduce((sum, e) => sum + e.app, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const e of events) {
    sxy += (e.requests - mx) * (e.app - my);
    sxx += (e.requests - mx) ** 2;
  }
  const perRequest = sxx === 0 ? 0 : sxy / sxx;
  return { base: my - perRequest * mx, perRequest, requests };
}

/** Quantiles over every window (deliveries and ticks alike), the first and costliest, and the totals. */
export function cpuFigures(events: readonly EventCpu[], breakdown: CpuBreakdown): CpuFigures {
  const sorted = events.map((e) => e.app).sort((a, b) => a - b);
  const owners = noCpu();
  for (const e of events) for (const owner of CPU_OWNERS) owners[owner] += e.byOwner[owner];
  const brief = (e: EventCpu) => ({ name: e.name, app: e.app, requests: e.requests });
  return {
    deliveries: events.filter((e) => e.name !== "tick").length,
    ticks: events.filter((e) => e.name === "tick").length,
    first: events.slice(0, 3).map(brief),
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    fit: fitPerRequest(events),
    costliest: [...events]
      .sort((a, b) => b.app - a.app)
      .slice(0, 5)
      .map((e) => ({ ...brief(e), byCode: top(e.byCode, 4) })),
    owners,
    byFrame: top(breakdown.byFrame, 12),
    bySelf: top(breakdown.bySelf, 10),
    byCode: top(breakdown.byCode, 10),
  };
}
