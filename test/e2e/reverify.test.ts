/**
 * Independent re-verification end to end (docs/security.md#independent-re-verification): the sandbox
 * plays the executor workflow's verify and verify-report jobs with the REAL action. A result that claims
 * exit 0 for commands that really fail (`--fail money@1:false-claim`: a lying harness or engine) is caught
 * by the re-run on the pushed SHA; conductor/verify fails with the finding, and the retry, told what the
 * re-run saw, goes green.
 */
import { describe, expect, test } from "vitest";
import { Reverification } from "../../src/protocol/reverify.js";
import { commentsOn, E2E_TIMEOUT, expectClean, integration, modulePulls, show, spec, startWorld } from "./support.js";

const MONEY = spec("Money", [["money"]]);
const FALSE_CLAIM = [{ module: "money", attempt: 1, kind: "false-claim" as const }];

const decode = (body: string) => {
  const match = /<!-- conductor:reverify ([A-Za-z0-9+/=]+) -->/.exec(body);
  return Reverification.parse(JSON.parse(Buffer.from(match?.[1] ?? "", "base64").toString("utf8")));
};

describe("e2e: re-verification", () => {
  test(
    "a false claim is caught by the re-run, conductor/verify fails with the finding, the retry goes green",
    async () => {
      const world = await startWorld({ spec: MONEY, fail: FALSE_CLAIM, config: { gates: { reverify: "required" } } });
      expect(await world.run()).toMatchObject({ status: "done" });

      const [pull] = modulePulls(world);
      const comments = commentsOn(world, pull?.number ?? 0);
      // The first result lies: it says done.
      const results = comments.filter((c) => c.body.includes("<!-- conductor:result "));
      expect(results).toHaveLength(2);
      expect(results[0]?.body).toMatch(/done/i);
      // Both re-verifications are the App's, on the pushed heads; the first saw the test fail.
      const reverified = comments.filter((c) => c.body.includes("<!-- conductor:reverify "));
      expect(reverified.map((c) => c.user)).toEqual(["conductor[bot]", "conductor[bot]"]);
      const [first, second] = reverified.map((c) => decode(c.body));
      expect(first?.test).toMatchObject({ command: "node test/money.test.js", exit_code: 1 });
      expect(first?.test?.output_tail).toContain("scripted bug: money attempt 1 fails its tests");
      expect(second?.test).toMatchObject({ exit_code: 0 });

      const verify = Object.values(world.sandbox.state().checkRuns).filter((c) => c.name === "conductor/verify");
      const red = verify.find((c) => c.head_sha === first?.head_sha);
      expect(red?.conclusion).toBe("failure");
      expect(red?.output.summary).toContain(
        "Test command `node test/money.test.js`: the result claims exit 0, the re-verification observed exit 1.",
      );
      expect(verify.find((c) => c.head_sha === second?.head_sha)?.conclusion).toBe("success");

      // The retry was told what the re-run saw, and what merged is the fixed code.
      const money = world.executions.filter((e) => e.module === "money");
      expect(money.map((e) => e.attempt)).toEqual([1, 2]);
      expect(money[1]?.prompt).toContain("the re-verification observed exit 1");
      expect(pull).toMatchObject({ merged: true });
      expect(await show(world, integration(world), "src/money.js")).not.toContain("scripted bug");
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "with gates.reverify: off the same false claim passes conductor/verify; only CI's own run catches it",
    async () => {
      const world = await startWorld({ spec: MONEY, fail: FALSE_CLAIM, config: { gates: { reverify: "off" } } });
      expect(await world.run()).toMatchObject({ status: "done" });
      const [pull] = modulePulls(world);
      const [firstResult] = commentsOn(world, pull?.number ?? 0).filter((c) => c.body.includes("conductor:result "));
      const firstHead = Object.values(world.sandbox.state().checkRuns).find(
        (c) => c.name === "conductor/verify" && firstResult?.body.includes(c.head_sha.slice(0, 7)),
      );
      // Nothing compared the claim: the app believed the harness's exit codes, and the sample's CI failed it.
      expect(firstHead?.conclusion).toBe("success");
      // The brief did not ask, so the verify jobs were skipped: no runner minutes, no comment.
      expect(commentsOn(world, pull?.number ?? 0).filter((c) => c.body.includes("conductor:reverify "))).toEqual([]);
      const money = world.executions.filter((e) => e.module === "money");
      expect(money.map((e) => e.attempt)).toEqual([1, 2]);
      expect(money[1]?.prompt).not.toContain("re-verification");
      expect(world.ciRuns.filter((c) => c.pr === pull?.number).map((c) => c.conclusion)[0]).toBe("failure");
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
