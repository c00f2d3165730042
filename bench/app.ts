/**
 * The app's figures for `npm run bench` (docs/architecture.md#what-a-task-costs-on-github): the 3 × 3
 * all-green sample task run on the sandbox world, and what the app spent on GitHub doing it.
 *
 * Attribution: the world runs one thing at a time (a batch of webhooks and the reconciles they start, a
 * sweep tick, or one executor/CI job), so requests that arrive while `deliverPending` or `tick` runs are
 * the app's; the executor's and CI's come in between and are counted apart.
 *
 * CPU: deliveries are handed to the app one at a time and each waits for its reconciles (`idle()`), so
 * the time from handing it over to idle is that event's window (a sweep tick is a window too). The sandbox
 * runs in this process, so `process.cpuUsage` over a window mixes the app with the stand-in GitHub, the
 * git subprocesses' pipes, the world's timeline and Node's other threads; subtracting the CPU spent inside
 * the sandbox's `fetch` did not separate them (requests overlap, so windows were subtracted twice, and
 * GC threads and git's `spawn` were left in). Instead the run is profiled (V8's sampler, 100 µs) and each
 * main-thread sample in a window is charged by its stack (bench/cpu-owner.ts): Conductor's code and the
 * libraries it runs (Octokit, Probot, pino, zod) are the app's; GC is shared in proportion.
 *
 * Warm-up: a process pays once for loading modules, compiling hot code and first-use work (JWT signing,
 * the installation token, zod schemas), and a long-running app pays it once per process, not per event.
 * So the task runs twice in one process, on two fresh worlds and apps: the first (cold) run's figures are
 * printed apart, and steady state is the second (warm) run. The warm app is a new Probot instance, so its
 * first event still mints an installation token (once an hour per installation on GitHub).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { RequestLogEntry } from "../sandbox/accounting.js";
import { readRecordText } from "../sandbox/world/summary.js";
import { createWorld, type DeliveryPolicy, type World } from "../sandbox/world.js";
import { type CpuFigures, cpuFigures } from "./cpu-figures.js";
import { cpuPerEvent, type EventWindow, nowMicros } from "./cpu-per-event.js";
import { profiled } from "./cpu-profile.js";
import { mainThreadCpu } from "./thread-cpu.js";

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
  /** The first run in this process (one-time costs included) and the second (steady state). */
  cpu: { cold: CpuFigures; warm: CpuFigures };
  simulatedMinutes: number;
  wallMs: number;
}

const DISPATCH = "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches";

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

/**
 * Runs the sample task (or `specFile`, a smaller task on the sample repository, as the smoke test does)
 * to done twice in this process (cold, then warm) and measures the app.
 */
export async function measureApp(
  options: { seed?: number; profileDir?: string | undefined; specFile?: string | undefined } = {},
): Promise<AppFigures> {
  const keep = (name: string) => (options.profileDir ? join(options.profileDir, `${name}.cpuprofile`) : undefined);
  const cold = await runTask(options.seed ?? 1, keep("app-cold"), options.specFile);
  const warm = await runTask(options.seed ?? 1, keep("app-warm"), options.specFile);
  return { ...warm.figures, cpu: { cold: cold.cpu, warm: warm.cpu } };
}

/** One run of the sample task on a fresh world and app, profiled; the profile is kept if a file is named. */
async function runTask(
  seed: number,
  profileFile: string | undefined,
  specFile: string | undefined,
): Promise<{ figures: Omit<AppFigures, "cpu">; cpu: CpuFigures }> {
  const windows: EventWindow[] = [];
  let world: World | undefined;
  const measured = async (name: string, work: () => Promise<unknown>) => {
    const from = world?.sandbox.requestLog().length ?? 0;
    const start = nowMicros();
    const cpuBefore = mainThreadCpu();
    await work();
    const cpuAfter = mainThreadCpu();
    const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    const requests = (world?.sandbox.requestLog().length ?? 0) - from;
    windows.push({ name, start, end: nowMicros(), cpu, requests });
  };
  // One delivery at a time, each waiting for the reconciles it started: one window per event.
  const deliver: DeliveryPolicy = async (batch, receive) => {
    for (const delivery of batch) {
      const action = typeof delivery.payload.action === "string" ? `.${delivery.payload.action}` : "";
      await measured(`${delivery.name}${action}`, async () => {
        await receive(delivery);
        await world?.app.conductor.idle();
      });
    }
  };
  world = await createWorld({ seed, deliver, ...(specFile ? { specFile } : {}) });
  const w = world;
  try {
    const { result: figures, profile } = await profiled(() => runOn(w, measured));
    if (profileFile) await writeFile(profileFile, JSON.stringify(profile));
    const { events, breakdown } = cpuPerEvent(profile, windows, new URL("../", import.meta.url).href);
    return { figures, cpu: cpuFigures(events, breakdown) };
  } finally {
    await w.close();
  }
}

/** Opens the task, runs it to the end and counts the app's requests; sweep ticks are measured windows. */
async function runOn(
  w: World,
  measured: (name: string, work: () => Promise<unknown>) => Promise<void>,
): Promise<Omit<AppFigures, "cpu">> {
  const started = performance.now();
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
  const tick = asApp(w.tick.bind(w));
  w.tick = (ms) => measured("tick", () => tick(ms));

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

  const record = (await readRecordText(w.sandbox, w.issue ?? 0)) ?? "";
  const modules = JSON.parse(record || '{"modules":[]}').modules.length as number;
  return {
    status: outcome.status,
    modules,
    app: { ...tally(app), faults: app.filter((e) => e.status === 502).length },
    others: tally(others),
    endpoints: [...byEndpoint.values()].sort((a, b) => b.calls + b.notModified - (a.calls + a.notModified)),
    roundTrips: lastDispatch ? sequentialDepth(window) : null,
    roundTripPath: window.map((e) => `${e.method} ${e.route}${e.status === 304 ? " (304)" : ""}`),
    recordBytes: Buffer.byteLength(record),
    simulatedMinutes: Math.round((w.clock.now() - t0) / 60_000),
    wallMs: Math.round(performance.now() - started),
  };
}
