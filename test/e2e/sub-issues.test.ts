import { Octokit } from "@octokit/rest";
import { describe, expect, test } from "vitest";
import type { World } from "../../sandbox/world.js";
import { commentsOn, E2E_TIMEOUT, expectClean, modulePulls, spec, startWorld } from "./support.js";

const tracking = { tracking: { sub_issues: true } };

/** The task issue's sub-issues as GitHub lists them, read with the app's token like any client would. */
async function subIssues(world: World) {
  const octokit = new Octokit({ auth: world.sandbox.installationToken(), request: { fetch: world.sandbox.fetch } });
  const res = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
    owner: world.sandbox.owner,
    repo: world.sandbox.repo,
    issue_number: world.issue ?? 0,
  });
  return res.data.map((i) => ({ number: i.number, title: i.title, state: i.state, state_reason: i.state_reason }));
}

const human = (world: World) =>
  new Octokit({ auth: world.sandbox.tokenFor("maintainer"), request: { fetch: world.sandbox.fetch } });
const repoOf = (world: World) => ({ owner: world.sandbox.owner, repo: world.sandbox.repo });
const checkpoints = async (world: World) => (await world.record())?.checkpoints.length ?? 0;

describe("e2e: sub-issues (tracking.sub_issues)", () => {
  test(
    "every module gets a sub-issue titled like its PR and linked from it and the dashboard; each closes as its module merges and reopens on /rollback",
    async () => {
      const world = await startWorld({
        spec: spec("Three phases", [["money"], ["tax"], ["receipt"]]),
        config: tracking,
      });

      // The whole plan is on the task issue before the first PR opens.
      await world.run({ until: (w) => modulePulls(w).length > 0 });
      expect((await subIssues(world)).map((s) => [s.title, s.state])).toEqual([
        ["[conductor #1] Phase 1: money", "open"],
        ["[conductor #1] Phase 2: tax", "open"],
        ["[conductor #1] Phase 3: receipt", "open"],
      ]);

      await world.run({ until: async (w) => (await checkpoints(w)) >= 2 });
      const [money, tax, receipt] = await subIssues(world);
      expect(money).toMatchObject({ state: "closed", state_reason: "completed" });
      expect(tax).toMatchObject({ state: "closed", state_reason: "completed" });
      expect(receipt).toMatchObject({ state: "open" });
      for (const pull of modulePulls(world)) {
        const sub = (await subIssues(world)).find((s) => s.title === pull.title);
        expect(pull.body).toContain(`Sub-issue: #${sub?.number}`);
        expect(world.dashboard()).toContain(`#${pull.number} · sub-issue #${sub?.number}`);
      }
      const parent = await human(world).rest.issues.get({ ...repoOf(world), issue_number: world.issue ?? 0 });
      expect(parent.data.sub_issues_summary).toEqual({ total: 3, completed: 2, percent_completed: 66 });

      await world.comment("maintainer", "/rollback phase-2");
      await world.run({ until: async (w) => (await w.record())?.status === "rolled_back" });
      const rolled = await subIssues(world);
      expect(rolled.map((s) => [s.state, s.state_reason])).toEqual([
        ["closed", "completed"],
        ["open", "reopened"],
        ["open", null],
      ]);

      await world.comment("maintainer", "/retry");
      expect(await world.run()).toMatchObject({ status: "done" });
      const done = await subIssues(world);
      expect(done.map((s) => [s.number, s.state, s.state_reason])).toEqual(
        rolled.map((s) => [s.number, "closed", "completed"]),
      );
      // `conductor simulate --json` prints each module's sub-issue.
      const summary = await world.summary();
      expect(summary.phases.flatMap((p) => p.modules.map((m) => m.sub_issue))).toEqual(done.map((s) => s.number));
      // One sub-issue per module, however often its module was opened again.
      const issues = Object.values(world.sandbox.state().issues).filter((i) => !i.isPull);
      expect(issues).toHaveLength(4);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "the escalation of a module @-mentions whoever is assigned to its sub-issue",
    async () => {
      const world = await startWorld({
        spec: spec("One phase", [["money", "tax"]]),
        config: { ...tracking, retries: { max_attempts: 2 } },
        fail: [
          { module: "money", attempt: 1 },
          { module: "money", attempt: 2 },
        ],
      });
      world.sandbox.addCollaborator("dana", "write");
      world.sandbox.addCollaborator("eve", "write");
      await world.run({ until: async (w) => (await subIssues(w)).length === 2 });
      const [money, tax] = await subIssues(world);
      await human(world).rest.issues.update({
        ...repoOf(world),
        issue_number: money?.number ?? 0,
        assignees: ["dana"],
      });
      await human(world).rest.issues.update({ ...repoOf(world), issue_number: tax?.number ?? 0, assignees: ["eve"] });

      expect(await world.run()).toMatchObject({ status: "blocked" });
      const escalations = commentsOn(world, world.issue ?? 0).filter((c) =>
        c.body.includes("<!-- conductor:escalation "),
      );
      expect(escalations).toHaveLength(1);
      expect(escalations[0]?.body).toContain("@dana");
      expect(escalations[0]?.body).not.toContain("@eve");
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "a crash window: GitHub made the issue (or linked it) but the app saw a 502; the retry finds it, so each module still has one sub-issue",
    async () => {
      const world = await startWorld({ spec: spec("Two modules", [["money", "tax"]]), config: tracking });
      const post = (path: RegExp) => (method: string, route: string) => method === "POST" && path.test(route);
      world.sandbox.faults.failNext({ kind: "502", after: true, match: post(/\/repos\/\{owner\}\/\{repo\}\/issues$/) });
      world.sandbox.faults.failNext({ kind: "502", after: true, match: post(/\/sub_issues$/) });

      expect(await world.run()).toMatchObject({ status: "done" });
      const calls = world.sandbox.calls().byRoute;
      expect(calls["POST /repos/{owner}/{repo}/issues"]?.faults).toBe(1);
      expect(calls["POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues"]?.faults).toBe(1);
      expect((await subIssues(world)).map((s) => [s.title, s.state_reason])).toEqual([
        ["[conductor #1] Phase 1: money", "completed"],
        ["[conductor #1] Phase 1: tax", "completed"],
      ]);
      expect(Object.values(world.sandbox.state().issues).filter((i) => !i.isPull)).toHaveLength(3);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "a GitHub without the sub-issues API: one warning on the dashboard, no stray issue, and the task runs to done",
    async () => {
      const world = await startWorld({
        spec: spec("Two modules", [["money", "tax"]]),
        config: tracking,
        sandbox: { subIssues: false },
      });
      expect(await world.run()).toMatchObject({ status: "done" });
      const dashboard = world.dashboard() ?? "";
      expect(dashboard.match(/Sub-issues are unavailable \(404/g)).toHaveLength(1);
      expect(modulePulls(world).map((p) => [p.title, p.merged])).toEqual([
        ["[conductor #1] Phase 1: money", true],
        ["[conductor #1] Phase 1: tax", true],
      ]);
      expect(modulePulls(world).every((p) => !p.body.includes("Sub-issue:"))).toBe(true);
      expect(Object.values(world.sandbox.state().issues).filter((i) => !i.isPull)).toHaveLength(1);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
