import type { Profiler } from "node:inspector";
import { describe, expect, test } from "vitest";
import { ownerOfPath } from "../../bench/cpu-owner.js";
import { cpuPerEvent } from "../../bench/cpu-per-event.js";

const ROOT = "file:///repo/";
const frame = (functionName: string, url = "") => ({
  functionName,
  url,
  scriptId: "0",
  lineNumber: 0,
  columnNumber: 0,
});

/**
 * A call tree: (root) → reconcile (app) → octokit request (library); (root) → sandbox router →
 * ajv (library under the sandbox); (root) → onStreamRead (Node only); (root) → (garbage collector);
 * (root) → the world's receive → Probot (the app's webhook dispatch) or the world's own timeline.
 */
const nodes: Profiler.ProfileNode[] = [
  { id: 1, callFrame: frame("(root)"), children: [2, 4, 6, 7, 8, 9] },
  { id: 2, callFrame: frame("reconcile", `${ROOT}src/github/reconcile/reconcile.ts`), children: [3] },
  { id: 3, callFrame: frame("request", `${ROOT}node_modules/@octokit/request/index.js`) },
  { id: 4, callFrame: frame("route", `${ROOT}sandbox/router.ts`), children: [5] },
  { id: 5, callFrame: frame("validate", `${ROOT}node_modules/ajv/index.js`) },
  { id: 6, callFrame: frame("onStreamRead", "node:internal/stream_base_commons") },
  { id: 7, callFrame: frame("(garbage collector)") },
  { id: 8, callFrame: frame("parse", `${ROOT}node_modules/json-with-bigint/index.js`) },
  { id: 9, callFrame: frame("receive", `${ROOT}sandbox/world.ts`), children: [10, 11] },
  { id: 10, callFrame: frame("receive", `${ROOT}node_modules/probot/lib/probot.js`) },
  { id: 11, callFrame: frame("write", `${ROOT}sandbox/world/timeline.ts`) },
];

/** Samples 10 µs apart from t = 1000: one per node id given. */
const profile = (samples: number[]): Profiler.Profile => ({
  nodes,
  startTime: 1000,
  endTime: 1000 + 10 * samples.length,
  samples,
  timeDeltas: samples.map(() => 10),
});

describe("ownerOfPath", () => {
  test.each([
    ["src/github/store/store.ts", "app"],
    ["src/core/transition.ts", "app"],
    ["sandbox/router.ts", "github"],
    ["sandbox/world/timeline.ts", "world"],
    ["sandbox/world.ts", "world"],
    ["bench/app.ts", "world"],
  ])("%s is the %s's", (path, owner) => expect(ownerOfPath(path)).toBe(owner));
});

describe("cpuPerEvent", () => {
  test("charges samples by stack: app and its libraries, the sandbox's libraries to GitHub, GC in proportion", () => {
    // t = 1010 … 1060: app, library after an await, sandbox+ajv, Node internals, GC, app.
    const p = profile([3, 8, 5, 6, 7, 2]);
    const { events, breakdown } = cpuPerEvent(p, [{ name: "e", start: 1000, end: 1100, cpu: null, requests: 0 }], ROOT);
    const e = events[0];
    expect(e?.byOwner).toMatchObject({ app: 30, github: 10, runtime: 10, shared: 10 });
    // GC: 10 µs shared in proportion to app 30 of 50 attributed.
    expect(e?.app).toBeCloseTo(36);
    expect(breakdown.byFrame.get("src/github/reconcile/reconcile.ts reconcile")).toBe(20);
  });

  test("Probot called by the world is the app's; the world's own code is not", () => {
    const { events, breakdown } = cpuPerEvent(
      profile([10, 11]),
      [{ name: "e", start: 1000, end: 1100, cpu: null, requests: 0 }],
      ROOT,
    );
    expect(events[0]?.byOwner).toMatchObject({ app: 10, world: 10 });
    expect(breakdown.byFrame.get("(library) probot")).toBe(10);
  });

  test("samples outside every window are nobody's, and each window gets its own", () => {
    const p = profile([2, 2, 4, 2, 2]); // t = 1010 … 1050
    const { events } = cpuPerEvent(
      p,
      [
        { name: "a", start: 1005, end: 1025, cpu: null, requests: 0 },
        { name: "b", start: 1035, end: 1045, cpu: null, requests: 0 },
      ],
      ROOT,
    );
    expect(events.map((e) => e.app)).toEqual([20, 10]);
  });

  test("scales a window's busy samples to the thread's CPU when it is known (waiting for a core is not CPU)", () => {
    const p = profile([2, 4]);
    const { events, breakdown } = cpuPerEvent(p, [{ name: "e", start: 1000, end: 1030, cpu: 10, requests: 0 }], ROOT);
    expect(events[0]?.byOwner).toMatchObject({ app: 5, github: 5 });
    expect(breakdown.byFrame.get("src/github/reconcile/reconcile.ts reconcile")).toBe(5);
  });
});
