/**
 * Per-delivery CPU from a sampling profile: each sample is charged to its owner (bench/cpu-owner.ts)
 * and to the delivery whose time window it fell in. V8's sample timestamps and `process.hrtime` read
 * the same monotonic clock, in microseconds. Samples measure wall time; where the window's main-thread
 * CPU is known (bench/thread-cpu.ts), the window's busy samples are scaled to it, so a loaded machine
 * (the thread waiting for a core) does not inflate the figures.
 */
import type { Profiler } from "node:inspector";
import { CPU_OWNERS, type CpuOwner, noCpu, ownersOf } from "./cpu-owner.js";

/** One delivery, from when it was handed to the app until the reconciles it started were idle. */
export interface EventWindow {
  name: string;
  start: number;
  end: number;
  /** Main-thread CPU over the window (µs), when the platform tells. */
  cpu: number | null;
  /** GitHub requests the app made in the window, 304s included. */
  requests: number;
}

/** What one delivery cost, in µs of main-thread time. */
export interface EventCpu {
  name: string;
  requests: number;
  /** The app's own samples plus its share of `shared` (GC, V8), in proportion to the attributed time. */
  app: number;
  byOwner: Record<CpuOwner, number>;
  /** The app's time in this window by whose code was on top (a package, Conductor, Node's built-ins). */
  byCode: Map<string, number>;
}

/** Where the app's time went over a set of windows: µs by nearest project function and by top frame. */
export interface CpuBreakdown {
  byFrame: Map<string, number>;
  bySelf: Map<string, number>;
  byCode: Map<string, number>;
}

/** The current time on the profiler's clock, in µs. */
export const nowMicros = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * Charges every sample inside a window to that window. A sample stands for the interval since the
 * previous one (V8's `timeDeltas`).
 */
export function cpuPerEvent(
  profile: Profiler.Profile,
  windows: readonly EventWindow[],
  root: string,
): { events: EventCpu[]; breakdown: CpuBreakdown } {
  const owners = ownersOf(profile, root);
  const events: EventCpu[] = windows.map((w) => ({
    name: w.name,
    requests: w.requests,
    app: 0,
    byOwner: noCpu(),
    byCode: new Map(),
  }));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's window (-1: outside every window), found by one walk through both, in time order.
  const windowOf: number[] = [];
  let at = profile.startTime;
  let w = 0;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    while (w < windows.length && (windows[w]?.end ?? 0) < at) w++;
    const inside = (windows[w]?.start ?? Number.POSITIVE_INFINITY) <= at;
    windowOf.push(inside ? w : -1);
    const owner = owners.get(samples[i] ?? -1)?.owner;
    const event = events[w];
    if (inside && owner && event) event.byOwner[owner] += deltas[i] ?? 0;
  }
  const scale = events.map((e, i) => {
    const cpu = windows[i]?.cpu ?? null;
    const busy = CPU_OWNERS.reduce((sum, o) => (o === "idle" ? sum : sum + e.byOwner[o]), 0);
    return cpu !== null && busy > 0 ? cpu / busy : 1;
  });
  const breakdown: CpuBreakdown = { byFrame: new Map(), bySelf: new Map(), byCode: new Map() };
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  samples.forEach((id, i) => {
    const owner = owners.get(id);
    const w = windowOf[i] ?? -1;
    const k = scale[w];
    const event = events[w];
    if (owner?.owner !== "app" || k === undefined || !event) return;
    const us = (deltas[i] ?? 0) * k;
    add(event.byCode, owner.code, us);
    add(breakdown.byFrame, owner.frame, us);
    add(breakdown.bySelf, owner.self, us);
    add(breakdown.byCode, owner.code, us);
  });
  events.forEach((e, i) => {
    const k = scale[i] ?? 1;
    for (const o of CPU_OWNERS) if (o !== "idle") e.byOwner[o] *= k;
    const { app, github, world, runtime, shared } = e.byOwner;
    const attributed = app + github + world + runtime;
    e.app = app + (attributed > 0 ? (shared * app) / attributed : 0);
  });
  return { events, breakdown };
}
