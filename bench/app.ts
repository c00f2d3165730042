/**
 * The app's figures for `npm run bench` (issue #6): the 3 × 3 all-green sample task run on the sandbox
 * world, and what the app spent on GitHub doing it.
 *
 * Attribution: the world runs one thing at a time (a batch of webhooks and the reconciles they start, a
 * sweep tick, or one executor/CI job), so requests that arrive while `deliverPending` or `tick` runs are
 * the app's; the executor's and CI's come in between and are counted apart.
 *
 * CPU: deliveries are handed to the app one at a time and each waits for its reconciles (`idle()`), so
 * `process.cpuUsage` around one delivery is that event's cost, minus the CPU spent inside the sandbox's
 * `fetch` (the sandbox runs in this process; on GitHub that time is theirs). Git subprocesses are not in
 * `process.cpuUsage` at all.
 */
import { performance } from "node:perf_hooks";
import { recordInMessage, taskRef } from "../src/github/store.js";
import type { RequestLogEntry } from "../src/sandbox/accounting.js";
import { startApp } from "../src/sandbox/world/app.js";
import { createWorld, type DeliveryPolicy, type World } from "../src/sandbox/world.js";

/** Requests of one endpoint, split as GitHub's limits see them. */
export interface EndpointCount {
  endpoint: string;
  mutating: boolean;
  calls: number;
  notModified: number;
  /** Answers ≥ 400 (refusals the app expected, e.g. "already exists", and real errors). */
  errors: number;
}

export interface AppFigures {
  status: string;
  modules: number;
  app: { total: number; mutating: number; reads: number; notModified: number; faults: number };
  others: { total: number; mutating: number; reads: number; notModified: number };
  endpoints: EndpointCount[];
  /** Sequential round trips from the label to the last phase-1 dispatch (requests on the critical path). */
  roundTrips: number | null;
  /** Every app request in that window, in order (what the round trips are made of). */
  roundTripPath: string[];
  recordBytes: number;
  /** CPU per delivered event (µs), app only. */
  cpu: { events: number; p50: number; p99: number; max: number };
  simulatedMinutes: number;
  wallMs: number;
}

const DISPATCH = "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches";

const quantile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);

const cpuMicros = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return d.user + d.system;
};

/**
 * Depth of the request graph: a request follows every request that ended before it started, so the
 * depth is the number of round trips that had to happen one after another.
 */
export function sequentialDepth(entries: readonly RequestLogEntry[]): number {
  const depth: number[] = [];
  let best = 0;
  entries.forEach((entry, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) {
      const before = entries[j];
      if (before && before.end <= entry.start) d = Math.max(d, (depth[j] ?? 0) + 1);
    }
    depth[i] = d;
    best = Math.max(best, d);
  });
  return best;
}

/** Runs the sample task to done and measures the app. */
export async function measureApp(options: { seed?: number } = {}): Promise<AppFigures> {
  const started = performance.now();
  const samples: number[] = [];
  let sandboxCpu = 0;
  let world: World | undefined;
  // One delivery at a time, each waiting for the reconciles it started: the CPU of one event.
  const deliver: DeliveryPolicy = async (batch, receive) => {
    for (const delivery of batch) {
      sandboxCpu = 0;
      const before = process.cpuUsage();
      await receive(delivery);
      await world?.app.conductor.idle();
      samples.push(Math.max(0, cpuMicros(before) - sandboxCpu));
    }
  };
  world = await createWorld({ seed: options.seed ?? 1, deliver });
  const w = world;
  try {
    const inner = w.sandbox.fetch;
    const fetch: typeof inner = async (input, init) => {
      const before = process.cpuUsage();
      try {
        return await inner(input, init);
      } finally {
        sandboxCpu += cpuMicros(before);
      }
    };
    // The same app as the world's, talking through the measuring fetch.
    w.app.conductor.stop();
    w.app = await startApp({ sandbox: { ...w.sandbox, fetch }, clock: w.clock, logSink: (l) => w.timeline.write(l) });
    w.sandbox.resetCalls();

    const appSeqs = new Set<number>();
    const asApp =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const from = w.sandbox.requestLog().length;
        try {
          return await fn(...args);
        } finally {
          for (const e of w.sandbox.requestLog().slice(from)) appSeqs.add(e.seq);
        }
      };
    w.deliverPending = asApp(w.deliverPending.bind(w));
    w.tick = asApp(w.tick.bind(w));

    const t0 = w.clock.now();
    await w.openTask();
    const labelAt = w.sandbox.requestLog().length;
    const outcome = await w.run();
    const log = w.sandbox.requestLog();
    const app = log.filter((e) => appSeqs.has(e.seq));
    const others = log.filter((e) => !appSeqs.has(e.seq) && e.seq > 0);

    const byEndpoint = new Map<string, EndpointCount>();
    for (const e of app) {
      const key = `${e.method} ${e.route}`;
      const c = byEndpoint.get(key) ?? { endpoint: key, mutating: e.mutating, calls: 0, notModified: 0, errors: 0 };
      if (e.status === 304) c.notModified += 1;
      else c.calls += 1;
      if (e.status >= 400) c.errors += 1;
      byEndpoint.set(key, c);
    }
    const tally = (list: RequestLogEntry[]) => ({
      total: list.filter((e) => e.status !== 304).length,
      mutating: list.filter((e) => e.status !== 304 && e.mutating).length,
      reads: list.filter((e) => e.status !== 304 && !e.mutating).length,
      notModified: list.filter((e) => e.status === 304).length,
    });

    const appAfterLabel = app.filter((e) => e.seq > labelAt);
    const dispatches = appAfterLabel.filter((e) => `${e.method} ${e.route}` === DISPATCH);
    const phaseOne = w.spec.match(/^### Phase 1[\s\S]*?^Modules:\s*(.+)$/m)?.[1]?.split(",").length ?? 0;
    const lastDispatch = dispatches[phaseOne - 1];
    const window = lastDispatch ? appAfterLabel.filter((e) => e.seq <= lastDispatch.seq) : [];

    const message = await w.sandbox.git(["log", "-1", "--format=%B", taskRef(w.issue ?? 0)]).catch(() => "");
    const record = recordInMessage(message) ?? "";
    const modules = JSON.parse(record || '{"modules":[]}').modules.length as number;
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      status: outcome.status,
      modules,
      app: { ...tally(app), faults: app.filter((e) => e.status === 502).length },
      others: tally(others),
      endpoints: [...byEndpoint.values()].sort((a, b) => b.calls + b.notModified - (a.calls + a.notModified)),
      roundTrips: lastDispatch ? sequentialDepth(window) : null,
      roundTripPath: window.map((e) => `${e.method} ${e.route}${e.status === 304 ? " (304)" : ""}`),
      recordBytes: Buffer.byteLength(record),
      cpu: { events: samples.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? 0 },
      simulatedMinutes: Math.round((w.clock.now() - t0) / 60_000),
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    await w.close();
  }
}
