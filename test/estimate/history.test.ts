import { describe, expect, test } from "vitest";
import { historySamples } from "../../src/estimate/actuals.js";
import { NO_HISTORY } from "../../src/estimate/estimate.js";
import { estimatePlan } from "../../src/estimate/estimate-plan.js";
import { historyFromRecords } from "../../src/estimate/history-from-records.js";
import { Driver, makePlan } from "../core/driver.js";

/** A task run to done by the pure core (every attempt spends $0.50 and 1,000 prompt tokens). */
function doneRecord(issue: number, script: ConstructorParameters<typeof Driver>[0] = {}) {
  const d = new Driver({ issue, plan: makePlan([2, 1]), ...script });
  d.label();
  d.settle();
  if (d.record?.status !== "done") throw new Error(`task ${issue} did not finish: ${d.record?.status}`);
  return d.record;
}

describe("the history in stored records", () => {
  test("a done task gives one sample per merged module, with its attempts, tokens, USD and wall time", () => {
    const record = doneRecord(7);
    const samples = historySamples(record);
    expect(samples.map((s) => s.module)).toEqual(["mod1a", "mod1b", "mod2a"]);
    expect(samples[0]).toMatchObject({
      task: 7,
      attempts: 1,
      input_tokens: 1000,
      output_tokens: 0,
      usd: 0.5,
      units: 1,
    });
    expect(record.modules.every((m) => m.merged_at !== null)).toBe(true);
  });

  test("a task that is not done teaches nothing (its hard modules are still missing)", () => {
    const d = new Driver({ issue: 8, script: { result: (m) => (m === "p2-mod2a" ? "incomplete" : "done") } });
    d.label();
    d.settle();
    expect(d.record?.status).not.toBe("done");
    expect(d.record && historySamples(d.record)).toEqual([]);
  });

  test("a malformed or foreign record is skipped with a note naming it, never a crash", () => {
    const good = doneRecord(7);
    const history = historyFromRecords([
      { path: "tasks/3.json", problem: "not JSON" },
      { path: "tasks/4.json", json: { version: 2, issue: 4, modules: "many" } },
      { path: "tasks/5.json", json: { ...good, modules: [{ name: "x" }] } },
      { path: "tasks/6.json", json: ["someone else's file"] },
      { path: "tasks/7.json", json: JSON.parse(JSON.stringify(good)) },
    ]);
    expect(history.samples).toHaveLength(3);
    expect(history.notes).toHaveLength(4);
    expect(history.notes[0]).toBe("tasks/3.json: skipped, not JSON");
    expect(history.notes[1]).toMatch(/^tasks\/4\.json: skipped, not a task record \(version: /);
    expect(history.notes[2]).toMatch(/^tasks\/5\.json: skipped, not a task record \(modules\.0\.\w+: /);
    expect(history.notes[3]).toMatch(/^tasks\/6\.json: skipped, not a task record/);
    // The notes reach the estimate, which still uses what could be read (3 modules: too few, so priors).
    const e = estimatePlan(makePlan([1]), history, good.config, 0);
    expect(e.notes).toEqual(history.notes);
    expect(e.method).toBe("priors");
  });

  test("two finished tasks (6 modules) are enough history; the estimate then says what it learnt from", () => {
    const history = historyFromRecords(
      [doneRecord(1), doneRecord(2, { script: { usd: () => 2 } })].map((r) => ({
        path: `tasks/${r.issue}.json`,
        json: JSON.parse(JSON.stringify(r)),
      })),
    );
    const e = estimatePlan(makePlan([1]), history, doneRecord(3).config, 0);
    expect(e.method).toBe("history");
    expect(e.method_text).toContain("6 finished modules of 2 tasks");
    expect(e.modules[0]?.figures.usd).toEqual({ low: 0.5, mid: 1.25, high: 2 });
    expect(estimatePlan(makePlan([1]), NO_HISTORY, doneRecord(3).config, 0).method).toBe("priors");
  });
});
