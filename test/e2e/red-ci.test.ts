import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { userClients } from "../../sandbox/world/users.js";
import { SAMPLE_REPO, type World } from "../../sandbox/world.js";
import { commentsOn, E2E_TIMEOUT, expectClean, labelsOf, startWorld } from "./support.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The sample repository plus a `nightly` workflow that runs on the default branch. */
async function repoWithNightly(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "conductor-red-ci-"));
  dirs.push(dir);
  await cp(SAMPLE_REPO, dir, { recursive: true });
  await writeFile(
    join(dir, ".github/workflows/nightly.yml"),
    "name: nightly\non:\n  push:\n    branches: [main]\n  workflow_dispatch:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n",
  );
  return dir;
}

/** A run of `nightly` on main that ends with `conclusion` (its log says why), delivered to the app. */
async function nightly(world: World, conclusion: "failure" | "success", log: string): Promise<void> {
  const as = userClients(world.sandbox)("maintainer");
  const repo = { owner: world.sandbox.owner, repo: world.sandbox.repo };
  await as.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
    ...repo,
    workflow_id: "nightly.yml",
    ref: "main",
  });
  const runs = await as.request("GET /repos/{owner}/{repo}/actions/runs", { ...repo, per_page: 100 });
  const run = runs.data.workflow_runs.find((r) => r.path.endsWith("nightly.yml") && r.status !== "completed");
  if (!run) throw new Error("the nightly run was not created");
  await world.sandbox.setRunStatus(Number(run.id), "completed", conclusion, log);
  while ((await world.deliverPending()) > 0) {}
}

const ciIssues = (world: World) =>
  Object.values(world.sandbox.state().issues).filter((i) => i.labels.includes("conductor:ci-failure"));

describe("e2e: the red-CI fix loop", () => {
  test(
    "a red run on main opens exactly one task (not again for the same failure); a later green run closes it before it started",
    async () => {
      const world = await startWorld({
        open: false,
        repoDir: await repoWithNightly(),
        config: { triggers: { ci_failure: { workflows: ["nightly.yml"] } }, plan: { approval: "required" } },
      });

      await nightly(world, "failure", "not ok 3 - taxes round half up\n# fail 1\n");
      await nightly(world, "failure", "not ok 3 - taxes round half up\n# fail 1\n");

      const [issue, ...more] = ciIssues(world);
      expect(more).toEqual([]);
      expect(issue?.title).toBe("CI is red on main: nightly");
      expect(issue?.body).toContain("not ok 3 - taxes round half up");
      // The app's own label started the task; it waits for /approve-plan, so no executor ran.
      expect(labelsOf(world, issue?.number ?? 0)).toContain("conductor:running");
      expect(world.executions).toEqual([]);

      await nightly(world, "success", "ok\n");

      expect(world.sandbox.state().issues[issue?.number ?? 0]?.state).toBe("closed");
      expect(
        commentsOn(world, issue?.number ?? 0).some((c) => c.body.includes("nothing left to fix: closing it")),
      ).toBe(true);
      expect(ciIssues(world)).toHaveLength(1);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
