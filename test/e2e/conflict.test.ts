import { describe, expect, test } from "vitest";
import { CONFLICT_SPEC } from "../../sandbox/world.js";
import { E2E_TIMEOUT, expectClean, integration, labelsOf, modulePulls, show, startWorld } from "./support.js";

describe("e2e: two parallel modules that edit the same file", () => {
  test(
    "with limits.overlap: parallel, the second to merge conflicts; Conductor has it resolved (update-branch or a resolve_conflict attempt) and finishes",
    async () => {
      // By default overlapping modules run in sequence (test/e2e/graph.test.ts); here they are told not to.
      const world = await startWorld({ specFile: CONFLICT_SPEC, config: { limits: { overlap: "parallel" } } });

      expect(await world.run()).toMatchObject({ status: "done" });

      const pulls = modulePulls(world);
      expect(pulls.map((p) => [p.title, p.merged])).toEqual([
        ["[conductor #1] Phase 1: money", true],
        ["[conductor #1] Phase 1: tax", true],
        ["[conductor #1] Phase 2: export-money", true],
        ["[conductor #1] Phase 2: export-tax", true],
      ]);
      // git could not merge the two appended lines, so one module had a conflict-resolution attempt.
      const resolutions = world.executions.filter((e) => e.mode === "resolve_conflict");
      expect(resolutions).toHaveLength(1);
      expect(resolutions[0]).toMatchObject({ attempt: 2, conclusion: "success" });
      expect(resolutions[0]?.prompt).toMatch(/conflict/i);
      // Both exports are on the integration branch, and both modules' tests pass on it.
      const index = await show(world, integration(world), "src/index.js");
      expect(index).toContain('export { formatCents, parseCents } from "./money.js";');
      expect(index).toContain('export { taxCents } from "./tax.js";');
      expect(index).not.toMatch(/<<<<<<<|>>>>>>>|=======/);
      const last = world.ciRuns.at(-1);
      expect(last?.conclusion).toBe("success");
      expect(labelsOf(world, world.issue ?? 0)).toContain("conductor:done");
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
