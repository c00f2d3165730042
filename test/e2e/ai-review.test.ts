import { describe, expect, test } from "vitest";
import { E2E_TIMEOUT, expectClean, modulePulls, startWorld } from "./support.js";

const SPEC = `Money with an AI reviewer

## Implementation Phases

### Phase 1: Money
- Write money
Modules: money

#### Module: money
Paths: src/money.js, test/money.test.js
Test Command: node test/money.test.js
`;

const reviewsOf = (world: Awaited<ReturnType<typeof startWorld>>) =>
  Object.values(world.sandbox.state().reviews).sort((a, b) => a.id - b.id);

const reviewChecks = (world: Awaited<ReturnType<typeof startWorld>>) =>
  Object.values(world.sandbox.state().checkRuns)
    .filter((c) => c.name === "conductor/review")
    .map((c) => c.conclusion);

describe("e2e: the AI reviewer gate (gates.ai_review)", () => {
  test(
    "required: the review requests changes → a second author attempt → the review approves → merge",
    async () => {
      const world = await startWorld({
        spec: SPEC,
        config: { gates: { ai_review: "required" } },
        fail: [{ module: "money", attempt: 1, kind: "review" }],
      });
      const outcome = await world.run();
      expect(outcome).toMatchObject({ status: "done" });
      expectClean(world);
      expect(world.executions.map((e) => [e.attempt, e.mode, e.conclusion])).toEqual([
        [1, "implement", "success"],
        [2, "review", "success"],
        [3, "implement", "success"],
        [4, "review", "success"],
      ]);
      // Real PR reviews by the app, with the line comment on the diff; GitHub refuses a verdict on the app's
      // own PR, so they are posted as comments and the verdict is the check.
      const reviews = reviewsOf(world);
      expect(reviews.map((r) => [r.user, r.state])).toEqual([
        [world.sandbox.app.bot, "COMMENTED"],
        [world.sandbox.app.bot, "COMMENTED"],
      ]);
      expect(reviews[0]?.body).toContain("Request changes");
      expect(reviews[0]?.comments).toEqual([
        {
          path: expect.stringMatching(/^(src|test)\//),
          line: expect.any(Number),
          body: "Please check this line again.",
        },
      ]);
      expect(reviews[1]?.body).toContain("Approve");
      expect(reviewChecks(world)).toEqual(["failure", "success"]);
      expect(world.dashboard()).toMatch(/\| money \| #\d+ \| merged \| 4 · AI review \|/);
      // The second author attempt was told what the reviewer said.
      const second = world.executions.find((e) => e.attempt === 3);
      expect(second?.prompt).toContain("conductor/review");
      expect(second?.prompt).toContain("Please check this line again.");
      // The review attempt's model saw the diff and had no tool that writes.
      const review = world.executions.find((e) => e.attempt === 2);
      expect(review?.prompt).toContain("```diff");
      const record = await world.record();
      const money = record?.modules[0];
      expect(money?.state).toBe("merged");
      expect(money?.attempts.map((a) => a.mode)).toEqual(["implement", "review", "implement", "review"]);
      // The reviews' tokens count in the task's cost.
      const spent = money?.attempts.reduce((n, a) => n + (a.usage?.usd ?? 0), 0) ?? 0;
      expect(record?.cost_usd).toBeCloseTo(spent, 6);
      expect(money?.attempts[1]?.usage?.usd).toBeGreaterThan(0);
    },
    E2E_TIMEOUT,
  );

  test(
    "advisory: a review that requests changes is shown (neutral) and the module merges anyway",
    async () => {
      const world = await startWorld({
        spec: SPEC,
        config: { gates: { ai_review: "advisory" } },
        fail: [{ module: "money", attempt: 1, kind: "review" }],
      });
      const outcome = await world.run();
      expect(outcome).toMatchObject({ status: "done" });
      expectClean(world);
      expect(world.executions.map((e) => e.mode)).toEqual(["implement", "review"]);
      expect(reviewChecks(world)).toEqual(["neutral"]);
      expect(modulePulls(world)[0]?.merged).toBe(true);
    },
    E2E_TIMEOUT,
  );
});
