import { readFile, rm } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { markedComments } from "../../sandbox/world/summary.js";
import { FIXTURE_SOLUTIONS, FIXTURE_SPEC, fixtureRepo } from "./fixture-repo.js";
import { E2E_TIMEOUT, expectClean, startWorld } from "./support.js";

/** Failures a maintainer can act on: what failed, where, and what to do, in the dashboard and the escalation. */
describe("e2e: failure messages", () => {
  test(
    "a dispatch refused with 404 names the workflow file and the branches, and links the onboarding PR",
    async () => {
      const fixture = await fixtureRepo({ executor: false });
      try {
        const world = await startWorld({
          spec: await readFile(FIXTURE_SPEC, "utf8"),
          repoDir: fixture.dir,
          solutionsDir: FIXTURE_SOLUTIONS,
        });

        const outcome = await world.run();

        expect(outcome.status).toBe("blocked");
        expectClean(world);
        const onboarding = Object.values(world.sandbox.state().pulls).find((p) => p.head === "conductor/onboarding");
        expect(onboarding).toBeDefined();
        const [escalation] = markedComments(world.sandbox, world.issue ?? 0, "escalation");
        for (const text of [escalation ?? "", world.dashboard() ?? ""]) {
          expect(text).toContain("GitHub knows no workflow .github/workflows/conductor-executor.yml");
          expect(text).toContain("to run on conductor/1/p1-greet");
          expect(text).toContain("it must be on master, the default branch");
        }
        expect(escalation).toContain(
          `merge the onboarding PR #${onboarding?.number} (https://github.com/octo-org/demo/pull/${onboarding?.number})`,
        );
        expect(world.executions).toEqual([]);
      } finally {
        await rm(fixture.root, { recursive: true, force: true });
      }
    },
    E2E_TIMEOUT,
  );

  test(
    "an attempt that failed says which command failed, its exit code and its output's tail — never a bare status",
    async () => {
      const fixture = await fixtureRepo();
      try {
        const world = await startWorld({
          spec: await readFile(FIXTURE_SPEC, "utf8"),
          repoDir: fixture.dir,
          solutionsDir: FIXTURE_SOLUTIONS,
          fail: [1, 2, 3].map((attempt) => ({ module: "greet", attempt })),
        });

        const outcome = await world.run();

        expect(outcome.status).toBe("blocked");
        expectClean(world);
        const [escalation] = markedComments(world.sandbox, world.issue ?? 0, "escalation");
        const expected =
          "the test command `sh tests/test_greet.sh` exited 1: scripted bug: greet attempt 2 fails its tests";
        expect(escalation).toContain(expected);
        expect(world.dashboard()).toContain(expected);
        for (const text of [escalation, world.dashboard()]) expect(text).not.toMatch(/stopped with|\(finished\)/);
        // The next attempt's brief carried the same words and the log tail.
        expect(world.executions[1]?.prompt).toContain(
          "### Attempt 1: the test command `sh tests/test_greet.sh` exited 1: scripted bug: greet attempt 1",
        );
      } finally {
        await rm(fixture.root, { recursive: true, force: true });
      }
    },
    E2E_TIMEOUT,
  );
});
