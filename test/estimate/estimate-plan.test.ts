import { describe, expect, test } from "vitest";
import { Config } from "../../src/config/schema.js";
import { FIGURE_NAMES, type HistorySample, NO_HISTORY } from "../../src/estimate/estimate.js";
import { estimatePlan, MIN_HISTORY_MODULES } from "../../src/estimate/estimate-plan.js";
import type { Plan } from "../../src/plan/plan.js";
import { makePlan } from "../core/driver.js";

const config = Config.parse({});

const sample = (n: number, fields: Partial<HistorySample> = {}): HistorySample => ({
  task: 100 + n,
  module: `m${n}`,
  role: null,
  units: 1,
  attempts: n,
  input_tokens: 1000 * n,
  output_tokens: 100 * n,
  usd: n / 10,
  wall_ms: 60_000 * n,
  ...fields,
});

/** Samples 1…count: each figure is n times a unit, so its percentiles are easy to read. */
const history = (count: number) => ({ samples: Array.from({ length: count }, (_, i) => sample(i + 1)), notes: [] });

describe("estimatePlan: the priors path", () => {
  test("with no history, every module gets a range from its brief, and the method says priors", () => {
    const e = estimatePlan(makePlan([2, 1]), NO_HISTORY, config, 5);
    expect(e.method).toBe("priors");
    expect(e.method_text).toContain("priors in docs/estimates.md#priors");
    expect(e.modules.map((m) => m.key)).toEqual(["p1-mod1a", "p1-mod1b", "p2-mod2a"]);
    expect(e.at).toBe(5);
    for (const m of [...e.modules.map((x) => x.figures), e.total]) {
      for (const name of FIGURE_NAMES) {
        const r = m[name];
        expect(r.low, name).toBeLessThanOrEqual(r.mid);
        expect(r.mid, name).toBeLessThanOrEqual(r.high);
        expect(r.high, name).toBeGreaterThan(0);
      }
    }
  });

  test("the configuration bounds the range: attempts by retries.max_attempts, USD by limits.attempt_usd", () => {
    const tight = Config.parse({ retries: { max_attempts: 2 }, limits: { attempt_usd: 0.05 } });
    const e = estimatePlan(makePlan([1]), NO_HISTORY, tight, 0);
    const figures = e.modules[0]?.figures;
    expect(figures?.attempts.high).toBe(2);
    expect(figures?.usd.high).toBeLessThanOrEqual(0.1);
  });

  test("a module with more work items is estimated larger; a docs role smaller", () => {
    const plan = makePlan([3]);
    const [a, b, c] = plan.phases[0]?.modules ?? [];
    if (!a || !b || !c) throw new Error("plan shape");
    const item = { id: "1", severity: "major" as const, issue: "x", fix: "y", verification: "true" };
    b.fixes = [item, { ...item, id: "2" }, { ...item, id: "3" }, { ...item, id: "4" }];
    c.role = "docs";
    const e = estimatePlan(plan, NO_HISTORY, config, 0);
    const [ea, eb, ec] = e.modules.map((m) => m.figures.input_tokens.mid);
    expect(eb).toBeGreaterThan(ea ?? 0);
    expect(ec).toBeLessThan(ea ?? 0);
  });
});

describe("estimatePlan: the threshold", () => {
  test(`${MIN_HISTORY_MODULES - 1} finished modules are too few: priors, and the text says how many are needed`, () => {
    const e = estimatePlan(makePlan([1]), history(MIN_HISTORY_MODULES - 1), config, 0);
    expect(e.method).toBe("priors");
    expect(e.samples).toBe(MIN_HISTORY_MODULES - 1);
    expect(e.method_text).toContain(`${MIN_HISTORY_MODULES} are needed`);
  });

  test(`${MIN_HISTORY_MODULES} finished modules are enough: history`, () => {
    const e = estimatePlan(makePlan([1]), history(MIN_HISTORY_MODULES), config, 0);
    expect(e.method).toBe("history");
    expect(e.method_text).toContain(`${MIN_HISTORY_MODULES} finished modules of ${MIN_HISTORY_MODULES} tasks`);
  });
});

describe("estimatePlan: the history path", () => {
  test("each module's range is the 10th–90th percentile of the finished modules, its figure the median", () => {
    const e = estimatePlan(makePlan([1]), history(11), config, 0);
    expect(e.modules[0]?.figures.attempts).toEqual({ low: 2, mid: 6, high: 10 });
    expect(e.modules[0]?.figures.input_tokens).toEqual({ low: 2000, mid: 6000, high: 10000 });
    expect(e.modules[0]?.figures.usd).toEqual({ low: 0.2, mid: 0.6, high: 1 });
  });

  test("modules of a role learn from that role's modules when there are enough of them", () => {
    const plan = makePlan([2]);
    const docs = plan.phases[0]?.modules[1];
    if (!docs) throw new Error("plan shape");
    docs.role = "docs";
    const samples = [
      ...Array.from({ length: 5 }, (_, i) => sample(i + 1, { role: "docs", usd: 0.01 })),
      ...Array.from({ length: 5 }, (_, i) => sample(i + 6, { usd: 3 })),
    ];
    const e = estimatePlan(plan, { samples, notes: [] }, config, 0);
    expect(e.modules[1]?.figures.usd).toEqual({ low: 0.01, mid: 0.01, high: 0.01 });
    // The module without a role learns from the modules without one.
    expect(e.modules[0]?.figures.usd).toEqual({ low: 3, mid: 3, high: 3 });
    expect(e.method_text).toContain("2 modules matched on role");
  });

  test("totals add modules up; the wall time follows phases and dependencies", () => {
    // Two phases: phase 2's mod2a depends on nothing, so it waits for all of phase 1.
    const plan: Plan = makePlan([2, 1]);
    const e = estimatePlan(plan, { samples: Array.from({ length: 5 }, () => sample(2)), notes: [] }, config, 0);
    expect(e.total.attempts.mid).toBe(6);
    expect(e.total.usd.mid).toBeCloseTo(0.6);
    // Each module: 2 minutes; phase 1 runs its two side by side, then phase 2: 4 minutes, not 6.
    expect(e.total.wall_ms.mid).toBe(4 * 60_000);
    // With mod1b first and mod1a depending on it, phase 1 takes two modules' time.
    const chained = makePlan([2, 1]);
    const first = chained.phases[0]?.modules[1];
    if (first) first.depends_on = ["mod1a"];
    const c = estimatePlan(chained, { samples: Array.from({ length: 5 }, () => sample(2)), notes: [] }, config, 0);
    expect(c.total.wall_ms.mid).toBe(6 * 60_000);
  });

  test("notes about history that could not be read travel with the estimate", () => {
    const e = estimatePlan(makePlan([1]), { samples: [], notes: ["tasks/3.json: skipped, not JSON"] }, config, 0);
    expect(e.notes).toEqual(["tasks/3.json: skipped, not JSON"]);
  });
});
