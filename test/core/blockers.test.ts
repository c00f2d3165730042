import { describe, expect, test } from "vitest";
import { Driver, makePlan } from "./driver.js";

const opened = (effects: { type: string }[]) => effects.filter((e) => e.type === "OpenPullRequest").length;

describe("blocked by other issues (docs/task-graph.md#blocked-by)", () => {
  test("a task labelled while blocked plans, opens nothing, and starts when the last blocker closes", () => {
    const d = new Driver({ plan: makePlan([2]) });
    d.label();
    d.deliver({ type: "BlockersRead", id: "b1", blockers: [7, 9] });
    d.settle();
    expect(d.record?.status).toBe("running");
    expect(d.record?.plan).not.toBeNull();
    expect(d.record?.modules.map((m) => m.state)).toEqual(["pending", "pending"]);
    expect(d.record?.log.map((l) => l.text)).toContain("waits for #7, #9 to close (blocked by)");

    expect(opened(d.deliver({ type: "BlockersRead", id: "b2", blockers: [9] }).effects)).toBe(0);
    const last = d.deliver({ type: "BlockersRead", id: "b3", blockers: [] });
    expect(opened(last.effects)).toBe(2);
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("a blocker added mid-task stops new dispatches; green work still merges; its own issue never blocks it", () => {
    const d = new Driver({ plan: makePlan([1, 1]) });
    d.label();
    d.settle(8);
    expect(d.record?.modules[0]?.state).not.toBe("pending");
    d.deliver({ type: "BlockersRead", id: "b1", blockers: [42, 5] });
    expect(d.record?.blockers).toEqual([5]);
    d.settle();
    expect(d.record?.modules.map((m) => m.state)).toEqual(["merged", "pending"]);
    expect(d.record?.checkpoints.map((c) => c.phase)).toEqual([1]);
    d.deliver({ type: "BlockersRead", id: "b2", blockers: [] });
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("the same blockers again change nothing", () => {
    const d = new Driver();
    d.label();
    d.deliver({ type: "BlockersRead", id: "b1", blockers: [3] });
    const again = d.deliver({ type: "BlockersRead", id: "b2", blockers: [3] });
    expect(again.effects).toEqual([]);
    expect(again.after).toEqual({ ...again.before, seen_events: again.after?.seen_events });
  });
});
