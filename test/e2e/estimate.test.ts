import { describe, expect, test } from "vitest";
import { E2E_TIMEOUT, expectClean, finalPull, spec, startWorld } from "./support.js";

describe("e2e: the estimate before approval", () => {
  test(
    "with plan.approval: required the dashboard shows the estimate before /approve-plan; the final PR compares it with the actuals; the next task's estimate counts this one's modules",
    async () => {
      const world = await startWorld({
        spec: spec("Money and tax", [["money", "tax"]]),
        config: { plan: { approval: "required" } },
      });
      await world.run({ until: async (w) => (await w.record())?.status === "awaiting_approval" });
      const waiting = world.dashboard() ?? "";
      expect(waiting).toContain("waiting for `/approve-plan`");
      expect(waiting).toContain("### Estimate before approval");
      expect(waiting).toMatch(/\| money \(phase 1\) \| 1\.3 \(1–3\) \|/);
      expect(waiting).toMatch(/\| \*\*total\*\* \| 2\.6 \(2–6\) \|/);
      expect(waiting).toContain("0 finished modules in this repository's history; 5 are needed to use it");
      expect(world.executions).toEqual([]);

      await world.comment("maintainer", "/approve-plan");
      const outcome = await world.run();
      expect(outcome.status).toBe("done");
      const body = finalPull(world)?.body ?? "";
      expect(body).toContain("### Estimate vs actual");
      expect(body).toMatch(/\| money \(phase 1\) \| 1 ✓ vs 1\.3 \(1–3\) \|/);
      expect(body).toMatch(/of 15 figures landed inside their range\./);
      expect(world.dashboard()).toContain("<details><summary>Estimate (as approved)</summary>");

      // A second task in the same repository reads the first one's record from conductor/state.
      const first = world.issue;
      await world.openTask({
        title: "Sku",
        body: spec("Sku", [["sku"]])
          .split("\n")
          .slice(1)
          .join("\n"),
      });
      expect(world.issue).not.toBe(first);
      await world.run({ until: async (w) => (await w.record())?.status === "awaiting_approval" });
      expect(world.dashboard()).toContain("2 finished modules in this repository's history; 5 are needed to use it");
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
