/** `EffectFailed`: an effect the adapter gave up never leaves the task waiting for its answer. */
import { describe, expect, test } from "vitest";
import type { Effect } from "../../src/core/effects.js";
import { Driver, makePlan } from "./driver.js";

/** Runs until the first effect of `type` is decided, drops every queued answer and reports it given up. */
function givenUp(type: Effect["type"], error = "403 Resource not accessible by integration") {
  const d = new Driver({ plan: makePlan([1]) });
  d.label();
  while (d.queue.length > 0 && !d.history.some((h) => h.effects.some((e) => e.type === type))) d.deliverAt(0);
  const effect = d.history.flatMap((h) => h.effects).find((e) => e.type === type);
  if (!effect) throw new Error(`no ${type}`);
  d.queue = [];
  const out = d.deliver({ type: "EffectFailed", id: `effect:${effect.id}:failed`, effect, error });
  return { d, out, escalation: out.effects.find((e) => e.type === "Escalate") };
}

describe("EffectFailed", () => {
  test.each([
    ["Dispatch", "the executor could not be dispatched"],
    ["CreateVerifyCheck", "conductor/verify could not be created"],
    ["OpenPullRequest", "its draft PR could not be opened"],
  ] as const)("%s given up: the module stops and the task escalates, naming it", (type, words) => {
    const { d, escalation } = givenUp(type);
    expect(d.module("p1-mod1a").state).toBe("failed");
    expect(d.record?.status).toBe("blocked");
    expect(escalation).toMatchObject({ reason: expect.stringContaining(words) });
    expect(escalation).toMatchObject({ reason: expect.stringContaining("Resource not accessible") });
  });

  test("Merge given up: the module stays green, escalates, and /retry on the issue merges it", () => {
    const { d, escalation } = givenUp("Merge", "422 Validation Failed");
    expect(d.module("p1-mod1a").state).toBe("green");
    expect(escalation).toMatchObject({ reason: expect.stringContaining("the merge of PR") });
    d.command({ name: "retry", note: null });
    d.settle();
    expect(d.record?.status).toBe("done");
    expect(d.effects("Merge")).toHaveLength(2);
  });

  test("RequestPlan given up: reported like a spec error, and the task waits in planning", () => {
    const { d, out } = givenUp("RequestPlan", "404 Not Found");
    expect(d.record?.status).toBe("planning");
    expect(out.effects).toContainEqual(
      expect.objectContaining({ type: "Comment", body: expect.stringContaining("the plan could not be read") }),
    );
  });

  test("a given-up comment or reaction is only logged", () => {
    const { d, out } = givenUp("React");
    expect(out.effects.map((e) => e.type)).toEqual(["UpsertDashboard"]);
    expect(d.record?.log.at(-1)?.text).toContain("gave up React");
  });
});
