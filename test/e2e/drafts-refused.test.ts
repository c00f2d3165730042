import { describe, expect, test } from "vitest";
import { commentsOn, E2E_TIMEOUT, expectClean, modulePulls, spec, startWorld } from "./support.js";

/**
 * A private repository on a GitHub Free or Pro plan refuses draft PRs with 422 "Draft pull requests are not
 * supported in this repository." (the sandbox's `draftPullRequests: false`). The app opens the module PRs
 * ready for review instead and says in the dashboard that CI may run before the executor's first push.
 */
describe("e2e: a repository that refuses draft PRs", () => {
  test(
    "module PRs open ready for review, the dashboard says why, and the task ends done with one attempt each",
    async () => {
      const world = await startWorld({
        spec: spec("Money and tax", [["money", "tax"]]),
        sandbox: { draftPullRequests: false },
      });

      const outcome = await world.run();

      expect(outcome.status).toBe("done");
      expectClean(world);
      const pulls = modulePulls(world);
      expect(pulls.map((p) => [p.title, p.merged])).toEqual([
        ["[conductor #1] Phase 1: money", true],
        ["[conductor #1] Phase 1: tax", true],
      ]);
      // Each PR was asked for as a draft once, refused, and opened ready at once: no third try, no escalation.
      const opens = world.sandbox
        .requestLog()
        .filter((e) => e.method === "POST" && e.route === "/repos/{owner}/{repo}/pulls");
      // (the fifth is the final PR, never a draft).
      expect(opens.map((e) => e.status).sort()).toEqual([201, 201, 201, 422, 422]);
      expect(world.executions.map((e) => [e.module, e.attempt, e.conclusion])).toEqual([
        ["money", 1, "success"],
        ["tax", 1, "success"],
      ]);
      // CI ran on the start commit of each ready PR before the executor pushed; those runs did not gate.
      const subjects = await Promise.all(
        world.ciRuns.map((run) => world.sandbox.git(["log", "-1", "--format=%s", run.sha])),
      );
      expect(subjects.filter((s) => s.startsWith("conductor: start")).length).toBeGreaterThan(0);
      expect((await world.record())?.drafts_refused).toBe(true);
      const dashboard = world.dashboard() ?? "";
      expect(dashboard).toContain("GitHub refuses draft PRs in this repository");
      expect(dashboard).toContain("CI may run on a module's start commit before the executor's first push");
      expect(commentsOn(world, world.issue ?? 0).some((c) => c.body.includes("Escalat"))).toBe(false);
    },
    E2E_TIMEOUT,
  );
});
