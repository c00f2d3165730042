import { describe, expect, test } from "vitest";
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

const TWO_PHASES = spec("Money, tax and a receipt", [["money", "tax"], ["receipt"]]);

describe("e2e: red gates", () => {
  test(
    "red → a retry with the failure as feedback → green",
    async () => {
      const world = await startWorld({ spec: TWO_PHASES, fail: [{ module: "money", attempt: 1 }] });

      expect(await world.run()).toMatchObject({ status: "done" });

      const money = world.executions.filter((e) => e.module === "money");
      expect(money.map((e) => [e.attempt, e.conclusion])).toEqual([
        [1, "failure"],
        [2, "success"],
      ]);
      // The second brief carries what went wrong in the first: the failing test's own output.
      expect(money[0]?.prompt).not.toContain("scripted bug");
      expect(money[1]?.prompt).toContain("scripted bug: money attempt 1 fails its tests");
      // CI saw the red head and the green one, on the same PR.
      const [pull] = modulePulls(world);
      expect(world.ciRuns.filter((c) => c.pr === pull?.number).map((c) => c.conclusion)).toEqual([
        "failure",
        "success",
      ]);
      expect(pull).toMatchObject({ merged: true });
      const results = commentsOn(world, pull?.number ?? 0).filter((c) => c.body.includes("<!-- conductor:result "));
      expect(results).toHaveLength(2);
      // What merged is the fixed code.
      expect(await show(world, integration(world), "src/money.js")).not.toContain("scripted bug");
      expect((await world.summary()).phases[0]?.modules[0]).toMatchObject({ name: "money", attempts: 2, merged: true });
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "repeated failure → escalation → /retry with a note → green, and the note reaches the brief",
    async () => {
      const world = await startWorld({
        spec: TWO_PHASES,
        config: { retries: { max_attempts: 2 }, escalation: { mention: ["oncall"] } },
        fail: [
          { module: "money", attempt: 1 },
          { module: "money", attempt: 2 },
        ],
      });
      const issue = world.issue ?? 0;

      expect(await world.run()).toMatchObject({ status: "blocked" });

      expect(labelsOf(world, issue)).toContain("conductor:blocked");
      const escalations = commentsOn(world, issue).filter((c) => c.body.includes("<!-- conductor:escalation "));
      expect(escalations).toHaveLength(1);
      expect(escalations[0]?.user).toBe("conductor[bot]");
      expect(escalations[0]?.body).toContain("@oncall");
      expect(escalations[0]?.body).toContain("money");
      expect(escalations[0]?.body).toMatch(/\/retry/);
      // Blocked is a pause: tax went green but waits; nothing is dispatched or merged.
      const money = modulePulls(world).find((p) => p.title.endsWith("Phase 1: money"));
      const tax = modulePulls(world).find((p) => p.title.endsWith("Phase 1: tax"));
      expect(money).toMatchObject({ merged: false });
      expect(world.sandbox.state().issues[money?.number ?? 0]?.state).toBe("open");
      expect(tax).toMatchObject({ merged: false });
      expect((await world.record())?.modules.find((m) => m.name === "tax")?.state).toBe("green");
      const runsWhenBlocked = world.executions.length;

      await world.comment(
        "maintainer",
        "/retry\nKeep amounts in integer cents and do not throw at import time.",
        money?.number,
      );
      expect(await world.run()).toMatchObject({ status: "done" });

      const after = world.executions.slice(runsWhenBlocked);
      expect(after[0]).toMatchObject({ module: "money", attempt: 3, conclusion: "success" });
      expect(after[0]?.prompt).toContain("Keep amounts in integer cents and do not throw at import time.");
      expect(labelsOf(world, issue)).toContain("conductor:done");
      expect(labelsOf(world, issue)).not.toContain("conductor:blocked");
      expect(modulePulls(world).every((p) => p.merged)).toBe(true);
      expect(finalPull(world)?.body).toContain(`Closes #${issue}`);
      expect((await world.summary()).escalations).toBe(1);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "no CI configured → the checks timeout → escalation naming the likely cause",
    async () => {
      const world = await startWorld({ spec: spec("Money", [["money"]]), ci: false });
      const issue = world.issue ?? 0;
      const started = world.clock.now();

      expect(await world.run()).toMatchObject({ status: "blocked" });

      // The executor ran and reported done; only CI was missing, for at least the 30-minute timeout.
      expect(world.executions.map((e) => e.conclusion)).toEqual(["success"]);
      expect(world.ciRuns).toEqual([]);
      expect(world.clock.now() - started).toBeGreaterThanOrEqual(30 * 60_000);
      const [escalation] = commentsOn(world, issue).filter((c) => c.body.includes("<!-- conductor:escalation "));
      expect(escalation?.body).toMatch(/no CI ran/i);
      expect(labelsOf(world, issue)).toContain("conductor:blocked");
      expect(modulePulls(world)[0]).toMatchObject({ merged: false });
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
