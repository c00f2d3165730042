import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SAMPLE_SOLUTIONS } from "../../sandbox/world.js";
import {
  commentsOn,
  E2E_TIMEOUT,
  expectClean,
  finalPull,
  integration,
  labelsOf,
  modulePulls,
  show,
  startWorld,
} from "./support.js";

describe("e2e: the sample task, 3 phases × 3 modules, all green", () => {
  test(
    "every module PR merges into the integration branch, the final PR closes the issue, the label says done",
    async () => {
      const world = await startWorld();

      const outcome = await world.run();

      expect(outcome).toMatchObject({ status: "done", reason: "until" });
      const issue = world.issue ?? 0;
      expect(labelsOf(world, issue)).toContain("conductor:done");
      expect(labelsOf(world, issue)).not.toContain("conductor:running");

      const pulls = modulePulls(world);
      expect(pulls.map((p) => p.title)).toEqual([
        "[conductor #1] Phase 1: money",
        "[conductor #1] Phase 1: tax",
        "[conductor #1] Phase 1: sku",
        "[conductor #1] Phase 2: catalog",
        "[conductor #1] Phase 2: discounts",
        "[conductor #1] Phase 2: stock",
        "[conductor #1] Phase 3: cart",
        "[conductor #1] Phase 3: receipt",
        "[conductor #1] Phase 3: checkout",
      ]);
      for (const pull of pulls) {
        expect(pull).toMatchObject({ merged: true, base: integration(world), draft: false });
        expect(pull.head).toMatch(/^conductor\/1\/p[123]-[a-z]+$/);
        expect(pull.body).toContain("<!-- conductor:brief ");
        // One result comment per PR, by the app's bot.
        const results = commentsOn(world, pull.number).filter((c) => c.body.includes("<!-- conductor:result "));
        expect(results.map((c) => c.user)).toEqual(["conductor[bot]"]);
      }

      const final = finalPull(world);
      expect(final).toMatchObject({ merged: false, base: "main", head: integration(world) });
      expect(final?.body).toContain(`Closes #${issue}`);
      for (const pull of pulls) expect(final?.body).toContain(`#${pull.number}`);

      // The integration branch holds every module's code, exactly as written.
      for (const [module, file] of [
        ["money", "src/money.js"],
        ["stock", "src/stock.js"],
        ["checkout", "src/checkout.js"],
      ] as const) {
        const expected = await readFile(join(SAMPLE_SOLUTIONS, module, file), "utf8");
        expect(await show(world, integration(world), file)).toBe(expected.trimEnd());
      }
      // main is untouched until a human merges the final PR.
      expect(await world.sandbox.git(["ls-tree", "--name-only", "main", "src/"])).toBe("src/index.js");

      // Three checkpoints, one per phase, each an integration commit.
      const record = await world.record();
      expect(record?.checkpoints.map((c) => c.phase)).toEqual([1, 2, 3]);
      expect(record?.checkpoints.at(-1)?.sha).toBe((await world.sandbox.git(["rev-parse", integration(world)])).trim());

      // One dashboard comment, edited in place, saying done.
      const dashboards = commentsOn(world, issue).filter((c) => c.body.includes("<!-- conductor:dashboard"));
      expect(dashboards).toHaveLength(1);
      expect(world.dashboard()).toContain("all 3 phases done");

      // Nine executor runs, each the first attempt, each followed by a green CI run on its head.
      expect(world.executions.map((e) => [e.attempt, e.conclusion])).toEqual(Array(9).fill([1, "success"]));
      expect(world.ciRuns.filter((c) => c.conclusion === "success")).toHaveLength(9);

      const summary = await world.summary();
      expect(summary).toMatchObject({ status: "done", escalations: 0 });
      expect(summary.phases.map((p) => p.modules.map((m) => [m.name, m.attempts, m.merged]))).toEqual([
        [
          ["money", 1, true],
          ["tax", 1, true],
          ["sku", 1, true],
        ],
        [
          ["catalog", 1, true],
          ["discounts", 1, true],
          ["stock", 1, true],
        ],
        [
          ["cart", 1, true],
          ["receipt", 1, true],
          ["checkout", 1, true],
        ],
      ]);
      expect(
        world.timeline.lines().some((l) => /issues\.labeled #1 {2}LabelAdded → .*Dispatch\(p1-money\)/.test(l)),
      ).toBe(true);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
