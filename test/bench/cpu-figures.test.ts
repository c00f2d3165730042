import { describe, expect, test } from "vitest";
import { cpuFigures } from "../../bench/cpu-figures.js";
import { noCpu } from "../../bench/cpu-owner.js";
import type { EventCpu } from "../../bench/cpu-per-event.js";

const event = (name: string, app: number, requests: number): EventCpu => ({
  name,
  app,
  requests,
  byOwner: { ...noCpu(), app },
  byCode: new Map([["Conductor", app]]),
});
const breakdown = { byFrame: new Map(), bySelf: new Map(), byCode: new Map() };

describe("cpuFigures", () => {
  test("quantiles over deliveries and ticks alike; the first windows in order; the costliest first", () => {
    const events = [event("issues.labeled", 900, 3), ...Array.from({ length: 99 }, (_, i) => event("tick", i, 0))];
    const f = cpuFigures(events, breakdown);
    expect(f).toMatchObject({ deliveries: 1, ticks: 99, p50: 49, p99: 98, max: 900 });
    expect(f.first.map((e) => e.name)).toEqual(["issues.labeled", "tick", "tick"]);
    expect(f.costliest[0]).toMatchObject({ name: "issues.labeled", byCode: [["Conductor", 900]] });
  });

  test("fits app CPU per event against its requests", () => {
    const f = cpuFigures([event("a", 100, 0), event("b", 1100, 1), event("c", 2100, 2)], breakdown);
    expect(f.fit.base).toBeCloseTo(100);
    expect(f.fit.perRequest).toBeCloseTo(1000);
    expect(f.fit.requests).toBe(3);
  });
});
