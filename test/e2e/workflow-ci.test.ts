/**
 * The sandbox's CI plays the repository's REAL workflow files (docs/simulate.md#ci), on the fixture
 * repository whose default branch is `master` and whose CI runs only on pull requests into `master`.
 */
import { describe, expect, test } from "vitest";
import type { World } from "../../sandbox/world.js";
import { fixedCi, masterRepo } from "../fixtures/master-repo.js";
import { commentsOn, E2E_TIMEOUT, expectClean, labelsOf, modulePulls, startWorld } from "./support.js";

const SPEC = [
  "Ledger version",
  "",
  "## Implementation Phases",
  "",
  "### Phase 1: Version",
  "- Add the version module",
  "Modules: version",
  "",
  "#### Module: version",
  "Paths: src/version.js",
  "Test Command: node --test",
  "",
].join("\n");

/** The onboarding PR, once opened. */
const onboarding = (world: World) => {
  const state = world.sandbox.state();
  const pull = Object.values(state.pulls).find((p) => p.head === "conductor/onboarding");
  return pull && state.issues[pull.number];
};

async function ledgerWorld(edits: Record<string, string | null> = {}) {
  const repo = masterRepo(edits);
  const world = await startWorld({ spec: SPEC, repoDir: repo.dir, sandbox: { defaultBranch: "master" } });
  return { world, remove: repo.remove };
}

describe("sandbox CI from the repository's workflow files", () => {
  test(
    "CI filtered to master never fires on module PRs: no check, the 30-minute block, the escalation",
    async () => {
      const { world, remove } = await ledgerWorld();
      try {
        const started = world.clock.now();
        // At task start, before any waiting, the dashboard's pre-flight names the cause, the line and the fix.
        await world.run({ until: (w) => (w.dashboard() ?? "").includes("Pre-flight") });
        expect(world.clock.now() - started).toBeLessThan(5 * 60_000);
        const dashboard = world.dashboard() ?? "";
        expect(dashboard).toContain("**Pre-flight** (1 error, 1 warning;");
        expect(dashboard).toContain(
          "- ⚠️ `.github/workflows/ci.yml:6`: does not run on module PRs into `conductor/1/integration`: `branches` (`master`) does not select the base branch `conductor/1/integration` — **fix:** add `'conductor/**'` to `branches`",
        );
        expect(dashboard).toContain(
          "- ❌ `.github/workflows`: no CI runs on module PRs into `conductor/1/integration`: each module would wait `gates.checks_timeout_minutes` (30 min) and then escalate",
        );
        expect(await world.run()).toMatchObject({ status: "blocked" });
        expect(world.executions.map((e) => e.conclusion)).toEqual(["success"]);
        // ci.yml exists and would run `npm test`, but its `branches: [master]` does not select the base.
        expect(world.ciRuns).toEqual([]);
        expect(world.clock.now() - started).toBeGreaterThanOrEqual(30 * 60_000);
        const issue = world.issue ?? 0;
        const [escalation] = commentsOn(world, issue).filter((c) => c.body.includes("<!-- conductor:escalation "));
        expect(escalation?.body).toMatch(/no CI ran on PRs into conductor\/\*\* branches/);
        expect(labelsOf(world, issue)).toContain("conductor:blocked");
        expectClean(world);
      } finally {
        remove();
      }
    },
    E2E_TIMEOUT,
  );

  test(
    "no executor workflow: the onboarding PR opened at task start lists the pre-flight's findings",
    async () => {
      const { world, remove } = await ledgerWorld({ ".github/workflows/conductor-executor.yml": null });
      try {
        await world.run({ until: (w) => onboarding(w) !== undefined });
        const body = onboarding(world)?.body ?? "";
        expect(body).toContain("## What Conductor found in this repository");
        expect(body).toContain("`.github/workflows/ci.yml:6`: does not run on module PRs");
        // What the PR itself adds is not listed as a finding.
        expect(body).not.toContain("the executor workflow `.github/workflows/conductor-executor.yml` is missing");
        expectClean(world);
      } finally {
        remove();
      }
    },
    E2E_TIMEOUT,
  );

  test(
    "with conductor/** added, the workflow's run: steps run in order in the module's tree and gate the merge",
    async () => {
      const { world, remove } = await ledgerWorld({ ".github/workflows/ci.yml": fixedCi() });
      try {
        expect(await world.run()).toMatchObject({ status: "done" });
        const [pull] = modulePulls(world);
        expect(pull).toMatchObject({ merged: true });
        const runs = world.ciRuns.filter((r) => r.pr === pull?.number);
        // The job `test` ran (no `if:`) for the opened PR and for each push: every run green.
        expect(runs.length).toBeGreaterThan(0);
        expect(new Set(runs.map((r) => [r.workflow, r.name, r.conclusion].join(" ")))).toEqual(
          new Set([".github/workflows/ci.yml test success"]),
        );
        const last = runs.at(-1);
        expect(last?.command).toBe("test -f package.json && npm test");
        // `uses:` steps are skipped with a note, then the run: steps, in file order (lines of the fixed ci.yml).
        const log = last?.output ?? "";
        expect(log).toContain("── actions/checkout@v4 (line 13): `uses: actions/checkout@v4` skipped");
        expect(log.indexOf("── Lint (line 16)")).toBeLessThan(log.indexOf("── Test (line 18)"));
        expect(log).toMatch(/# pass 1/);
        // The check GitHub would show on the head: named after the job.
        const checks = Object.values(world.sandbox.state().checkRuns).filter((c) => c.head_sha === last?.sha);
        expect(checks.map((c) => [c.name, c.app, c.conclusion])).toContainEqual(["test", "ci", "success"]);
        expectClean(world);
      } finally {
        remove();
      }
    },
    E2E_TIMEOUT,
  );
});
