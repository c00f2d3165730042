import { Octokit } from "@octokit/rest";
import { describe, expect, test } from "vitest";
import { CONFLICT_SPEC } from "../../sandbox/world.js";
import { E2E_TIMEOUT, expectClean, integration, modulePulls, show, spec, startWorld } from "./support.js";

/** A phase-2 module that needs only `money`: it should not wait for `tax`. */
const DEPENDS_SPEC = `Export tally's money helpers as soon as money is in

## Implementation Phases

### Phase 1: Money and tax
- Amounts are integer cents; tax is a percentage rounded half up
Modules: money, tax

#### Module: money
Paths: src/money.js, test/money.test.js
Test Command: node test/money.test.js

#### Module: tax
Paths: src/tax.js, test/tax.test.js
Test Command: node test/tax.test.js

### Phase 2: Public API and discounts
- Export the money helpers; discounts that never go below zero
Modules: export-money, discounts

#### Module: export-money
Paths: src/index.js, test/export-money.test.js
Test Command: node test/export-money.test.js
Depends on: money

#### Module: discounts
Paths: src/discounts.js, test/discounts.test.js
Test Command: node test/discounts.test.js
`;

const pullOf = (world: Parameters<typeof modulePulls>[0], module: string) =>
  modulePulls(world).find((p) => p.title.endsWith(`: ${module}`));

describe("e2e: the task graph", () => {
  test(
    "a module with a dependency starts as soon as it merges, while its phase's other module still works; phases still checkpoint in order",
    async () => {
      // tax's first run crashes, so it waits out a backoff while money merges.
      const world = await startWorld({ spec: DEPENDS_SPEC, fail: [{ module: "tax", attempt: 1, kind: "crash" }] });

      const early = await world.run({ until: (w) => pullOf(w, "export-money") !== undefined });
      expect(early.reason).toBe("until");
      expect(pullOf(world, "money")?.merged).toBe(true);
      expect(pullOf(world, "tax")?.merged).toBe(false);
      expect(pullOf(world, "discounts")).toBeUndefined();
      const record = await world.record();
      expect(record?.checkpoints).toEqual([]);
      expect(world.dashboard()).toContain("⏩ Started early (dependencies merged)");

      expect(await world.run()).toMatchObject({ status: "done" });
      const done = await world.record();
      expect(done?.checkpoints.map((c) => c.phase)).toEqual([1, 2]);
      // export-money merged only after phase 1's checkpoint: phases stay the merge and rollback units.
      const phase1 = done?.checkpoints[0]?.sha ?? "";
      const exportMerge = pullOf(world, "export-money")?.merge_commit_sha ?? "";
      await expect(world.sandbox.git(["merge-base", "--is-ancestor", phase1, exportMerge])).resolves.toBeTypeOf(
        "string",
      );
      expect(await show(world, integration(world), "src/index.js")).toContain("./money.js");
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "two modules whose Paths overlap (the conflict example) run one after the other and merge without a conflict",
    async () => {
      const world = await startWorld({ specFile: CONFLICT_SPEC });

      expect(await world.run()).toMatchObject({ status: "done" });
      const pulls = modulePulls(world);
      expect(pulls.map((p) => [p.title, p.merged])).toEqual([
        ["[conductor #1] Phase 1: money", true],
        ["[conductor #1] Phase 1: tax", true],
        ["[conductor #1] Phase 2: export-money", true],
        ["[conductor #1] Phase 2: export-tax", true],
      ]);
      // No conflict to resolve, and every module got it right the first time.
      expect(world.executions.filter((e) => e.mode === "resolve_conflict")).toEqual([]);
      expect(world.executions.filter((e) => e.module === "export-tax").map((e) => e.attempt)).toEqual([1]);
      // export-tax started from export-money's merge: its branch holds that commit.
      const moneyMerge = pullOf(world, "export-money")?.merge_commit_sha ?? "";
      const taxPull = pullOf(world, "export-tax");
      await expect(
        world.sandbox.git(["merge-base", "--is-ancestor", moneyMerge, taxPull?.head_sha ?? ""]),
      ).resolves.toBeTypeOf("string");
      const index = await show(world, integration(world), "src/index.js");
      expect(index).toContain('export { formatCents, parseCents } from "./money.js";');
      expect(index).toContain('export { taxCents } from "./tax.js";');
      expect(world.dashboard()).toContain('modules "export-money" and "export-tax" of phase 2 overlap');
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});

describe("e2e: a task blocked by another issue", () => {
  test(
    "plans but starts nothing while its blocker is open, says so in the dashboard, and starts when the blocker closes",
    async () => {
      const world = await startWorld({ spec: spec("Export money", [["money"]]), open: false, maxQuietMs: 30 * 60_000 });
      const human = new Octokit({
        auth: world.sandbox.tokenFor("maintainer"),
        request: { fetch: world.sandbox.fetch },
      });
      const repo = { owner: world.sandbox.owner, repo: world.sandbox.repo };
      const { data: blocker } = await human.rest.issues.create({ ...repo, title: "Release 1.0 first" });
      const task = await world.openTask({ label: false });
      await human.request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", {
        ...repo,
        issue_number: task,
        issue_id: blocker.id,
      });
      await world.label("maintainer", "orchestrate");

      expect(await world.run()).toMatchObject({ reason: "quiescent" });
      expect(modulePulls(world)).toEqual([]);
      expect((await world.record())?.blockers).toEqual([blocker.number]);
      expect(world.dashboard()).toContain(`> Waiting for #${blocker.number}: this task is blocked by it`);

      await human.rest.issues.update({ ...repo, issue_number: blocker.number, state: "closed" });
      expect(await world.run()).toMatchObject({ status: "done" });
      expect(modulePulls(world).map((p) => [p.title, p.merged])).toEqual([["[conductor #2] Phase 1: money", true]]);
      expect((await world.record())?.blockers).toEqual([]);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
