import { describe, expect, test } from "vitest";
import type { Effect } from "../../src/core/effects.js";
import type { Event } from "../../src/core/events.js";
import { prerequisites, startPoint } from "../../src/core/graph.js";
import type { Plan } from "../../src/plan/plan.js";
import { Driver, makePlan } from "./driver.js";

/** A plan of `makePlan(shape)` with some modules' dependencies and paths changed. */
function graphPlan(shape: number[], edits: Record<string, { depends_on?: string[]; paths?: string[] }>): Plan {
  const plan = makePlan(shape);
  return {
    phases: plan.phases.map((phase) => ({
      ...phase,
      modules: phase.modules.map((module) => ({ ...module, ...edits[module.name] })),
    })),
  };
}

/**
 * The order things happened in a settled run: `open mod1a` (its PR was opened), `merged mod1a`,
 * `checkpoint 1`, one line per effect or merge event, in delivery order.
 */
function timeline(d: Driver): string[] {
  const lines: string[] = [];
  for (const delivery of d.history) {
    if (delivery.event.type === "PullMerged") lines.push(`merged ${delivery.event.module.replace(/^p\d-/, "")}`);
    for (const effect of delivery.effects) {
      if (effect.type === "OpenPullRequest") lines.push(`open ${effect.module.replace(/^p\d-/, "")}`);
      if (effect.type === "RecordCheckpoint") lines.push(`checkpoint ${effect.phase}`);
    }
  }
  return lines;
}

const branchFrom = (d: Driver, module: string) =>
  d.history
    .flatMap((h) => h.effects)
    .find((e): e is Extract<Effect, { type: "CreateBranch" }> => e.type === "CreateBranch" && e.module === module)
    ?.from;

const mergeSha = (d: Driver, module: string) =>
  d.history
    .map((h) => h.event)
    .find((e): e is Extract<Event, { type: "PullMerged" }> => e.type === "PullMerged" && e.module === module)
    ?.merge_sha;

describe("scheduling over the task graph (docs/spec-format.md#dependencies)", () => {
  test("a module of phase 2 that depends on one module of phase 1 starts when that one merges, before phase 1 ends, and merges after its checkpoint", () => {
    const d = new Driver({ plan: graphPlan([2, 2], { mod2a: { depends_on: ["mod1a"] } }) });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("done");
    expect(timeline(d)).toEqual([
      "open mod1a",
      "open mod1b",
      "merged mod1a",
      "open mod2a",
      "merged mod1b",
      "checkpoint 1",
      "open mod2b",
      "merged mod2a",
      "merged mod2b",
      "checkpoint 2",
    ]);
    // It starts from the merge it waited for, not from a phase checkpoint.
    expect(branchFrom(d, "p2-mod2a")).toEqual({ sha: mergeSha(d, "p1-mod1a") });
  });

  test("within a phase: a module waits for its dependency and starts from its merge", () => {
    const d = new Driver({ plan: graphPlan([3], { mod1c: { depends_on: ["mod1a"] } }) });
    d.label();
    d.settle();
    expect(timeline(d)).toEqual([
      "open mod1a",
      "open mod1b",
      "merged mod1a",
      "open mod1c",
      "merged mod1b",
      "merged mod1c",
      "checkpoint 1",
    ]);
    expect(branchFrom(d, "p1-mod1c")).toEqual({ sha: mergeSha(d, "p1-mod1a") });
  });

  test("two modules of a phase whose Paths overlap run one after the other, the second from the first's merge", () => {
    const plan = graphPlan([2], { mod1a: { paths: ["src/index.js"] }, mod1b: { paths: ["src/*.js"] } });
    const d = new Driver({ plan });
    d.label();
    d.settle();
    expect(timeline(d)).toEqual(["open mod1a", "merged mod1a", "open mod1b", "merged mod1b", "checkpoint 1"]);
    expect(branchFrom(d, "p1-mod1b")).toEqual({ sha: mergeSha(d, "p1-mod1a") });
  });

  test("limits.overlap: parallel runs them side by side", () => {
    const plan = graphPlan([2], { mod1a: { paths: ["src/index.js"] }, mod1b: { paths: ["src/*.js"] } });
    const d = new Driver({ plan, config: { limits: { overlap: "parallel" } } });
    d.label();
    d.settle();
    expect(timeline(d).slice(0, 2)).toEqual(["open mod1a", "open mod1b"]);
  });

  test("an early module never takes the slot a pending module of an earlier phase needs", () => {
    const d = new Driver({
      plan: graphPlan([2, 1], { mod2a: { depends_on: ["mod1a"] } }),
      config: { limits: { max_parallel: 1 } },
    });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("done");
    expect(timeline(d)).toEqual([
      "open mod1a",
      "merged mod1a",
      "open mod1b",
      "merged mod1b",
      // The slot mod1b freed: mod2a's dependency merged long ago, so it opens in the same step.
      "open mod2a",
      "checkpoint 1",
      "merged mod2a",
      "checkpoint 2",
    ]);
  });
});

describe("prerequisites", () => {
  const plan = graphPlan([3], {
    mod1a: { paths: ["src/a/**"] },
    mod1b: { paths: ["src/a/b.js"], depends_on: [] },
    mod1c: { paths: ["src/a/c.js"], depends_on: ["mod1a"] },
  });

  test.each([
    ["sequential", { mod1a: [[], []], mod1b: [[], ["mod1a"]], mod1c: [["mod1a"], []] }],
    ["parallel", { mod1a: [[], []], mod1b: [[], []], mod1c: [["mod1a"], []] }],
  ] as const)("limits.overlap %s: declared and overlap prerequisites", (mode, expected) => {
    const found = Object.fromEntries(
      [...prerequisites(plan, mode)].map(([name, p]) => [name, [p.declared, p.overlap]]),
    );
    expect(found).toEqual(expected);
  });

  test("startPoint: the phase base, the integration head after a prerequisite, or null while waiting", () => {
    const d = new Driver({ plan });
    d.label();
    d.settle(4);
    const r = d.record;
    if (!r) throw new Error("no record");
    const base = { sha: "a".repeat(40) };
    const module = (name: string) => r.modules.find((m) => m.name === name) ?? r.modules[0];
    const merged = { ...r, integration_head: "b".repeat(40) };
    const [a, b, c] = [module("mod1a"), module("mod1b"), module("mod1c")];
    if (!a || !b || !c) throw new Error("no modules");
    expect(startPoint(r, { ...a, state: "pending" }, 1, base)).toEqual(base);
    expect(startPoint(r, { ...b, state: "pending" }, 1, base)).toBeNull();
    const afterA = {
      ...merged,
      modules: r.modules.map((m) => (m.name === "mod1a" ? { ...m, state: "merged" as const } : m)),
    };
    expect(startPoint(afterA, { ...b, state: "pending" }, 1, base)).toEqual({ sha: "b".repeat(40) });
    expect(startPoint(afterA, { ...c, state: "pending" }, 1, base)).toEqual({ sha: "b".repeat(40) });
  });
});
