import { describe, expect, test } from "vitest";
import type { World } from "../../sandbox/world.js";
import {
  commentsOn,
  E2E_TIMEOUT,
  expectClean,
  finalPull,
  integration,
  labelsOf,
  modulePulls,
  show,
  spec,
  startWorld,
} from "./support.js";

const checkpoints = async (world: World) => (await world.record())?.checkpoints.length ?? 0;
const head = async (world: World) => (await world.sandbox.git(["rev-parse", integration(world)])).trim();
const isOpen = (world: World, number: number) => world.sandbox.state().issues[number]?.state === "open";

describe("e2e: maintainers' commands", () => {
  test(
    "/rollback phase-2 resets the integration branch to phase 1's checkpoint; /retry runs phases 2 and 3 again to done",
    async () => {
      const world = await startWorld({ spec: spec("Three phases", [["money"], ["tax"], ["receipt"]]) });
      const issue = world.issue ?? 0;
      await world.run({ until: async (w) => (await checkpoints(w)) >= 2 });
      const record = await world.record();
      const phase1 = record?.checkpoints.find((c) => c.phase === 1)?.sha;
      expect(await show(world, integration(world), "src/tax.js")).toContain("taxCents");

      await world.comment("maintainer", "/rollback phase-2");
      await world.run({ until: async (w) => (await w.record())?.status === "rolled_back" });

      expect(await head(world)).toBe(phase1);
      await expect(show(world, integration(world), "src/tax.js")).rejects.toThrow();
      // The phase-3 PR opened after the checkpoint is closed, unmerged; phase 2's PR stays merged (history).
      const [money, tax, receipt] = modulePulls(world);
      expect(receipt && isOpen(world, receipt.number)).toBe(false);
      expect(receipt).toMatchObject({ merged: false });
      expect(tax).toMatchObject({ merged: true });
      expect(money).toMatchObject({ merged: true });
      const runsAtRollback = world.executions.length;

      await world.comment("maintainer", "/retry");
      expect(await world.run()).toMatchObject({ status: "done" });

      // Phases 2 and 3 ran again on new PRs; phase 1 did not.
      const again = world.executions.slice(runsAtRollback).map((e) => e.module);
      expect(again).toEqual(expect.arrayContaining(["tax", "receipt"]));
      expect(again).not.toContain("money");
      const reopened = modulePulls(world).filter((p) => p.number > (receipt?.number ?? 0));
      expect(reopened.map((p) => [p.title, p.merged])).toEqual([
        ["[conductor #1] Phase 2: tax", true],
        ["[conductor #1] Phase 3: receipt", true],
      ]);
      expect(await show(world, integration(world), "src/receipt.js")).toContain("renderReceipt");
      expect(labelsOf(world, issue)).toContain("conductor:done");
      expect(finalPull(world)?.body).toContain(`Closes #${issue}`);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "/abort cancels the running executor runs, closes the open module PRs and labels the task aborted",
    async () => {
      const world = await startWorld({ spec: spec("Two phases", [["money", "tax"], ["receipt"]]) });
      const issue = world.issue ?? 0;
      await world.run({ until: (w) => w.executions.length >= 1 });

      await world.comment("maintainer", "/abort the plan changed");
      expect(await world.run()).toMatchObject({ status: "aborted" });

      expect(labelsOf(world, issue)).toContain("conductor:aborted");
      expect(labelsOf(world, issue)).not.toContain("conductor:running");
      const pulls = modulePulls(world);
      expect(pulls.map((p) => p.title)).toEqual(["[conductor #1] Phase 1: money", "[conductor #1] Phase 1: tax"]);
      for (const pull of pulls) {
        expect(pull.merged).toBe(false);
        expect(isOpen(world, pull.number)).toBe(false);
      }
      // No run is left queued or running, and nothing was merged into the integration branch.
      const runs = Object.values(world.sandbox.state().runs);
      expect(runs.every((r) => r.status === "completed")).toBe(true);
      expect(runs.filter((r) => r.conclusion === "cancelled")).toHaveLength(1);
      expect(world.executions).toHaveLength(1);
      expect(await head(world)).toBe((await world.sandbox.git(["rev-parse", "main"])).trim());
      expect(finalPull(world)).toBeUndefined();
      expect((await world.summary()).status).toBe("aborted");
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "an unauthorized /rollback is refused with 👎 and a reply naming the permission; nothing changes",
    async () => {
      const world = await startWorld({ spec: spec("Two phases", [["money"], ["tax"]]) });
      world.sandbox.addCollaborator("writer", "write");
      const issue = world.issue ?? 0;
      await world.run({ until: async (w) => (await checkpoints(w)) >= 1 });
      const before = await head(world);

      const id = await world.comment("writer", "/rollback phase-1");
      await world.deliverPending();

      const reactions = Object.values(world.sandbox.state().reactions).filter(
        (r) => r.subject === "comment" && r.subjectId === id,
      );
      expect(reactions.map((r) => [r.user, r.content])).toEqual([["conductor[bot]", "-1"]]);
      const reply = commentsOn(world, issue).find((c) => c.id > id && c.user === "conductor[bot]");
      expect(reply?.body).toMatch(/maintain/);
      expect(await head(world)).toBe(before);
      expect((await world.record())?.rollbacks).toBe(0);

      expect(await world.run()).toMatchObject({ status: "done" });
      expect(modulePulls(world).map((p) => p.merged)).toEqual([true, true]);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
