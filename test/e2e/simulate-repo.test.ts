import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { EDITED, FIXTURE_SOLUTIONS, FIXTURE_SPEC, fixtureRepo, TRACKED_IGNORED, UNTRACKED } from "./fixture-repo.js";
import { commentsOn, E2E_TIMEOUT, expectClean, finalPull, integration, modulePulls, startWorld } from "./support.js";

/**
 * `conductor simulate --repo` on a real repository: default branch `master`, a tracked file its
 * `.gitignore` matches, uncommitted work, a shell library with `tests/test_*.sh`, and solutions with a PNG.
 */
describe("e2e: the simulator on a repository whose default branch is master", () => {
  test(
    "imports HEAD's committed tree, works on master, keeps a PNG intact, and --fail breaks shell and Markdown modules",
    async () => {
      const fixture = await fixtureRepo();
      try {
        const spec = await readFile(FIXTURE_SPEC, "utf8");
        const world = await startWorld({
          spec,
          repoDir: fixture.dir,
          solutionsDir: FIXTURE_SOLUTIONS,
          fail: [
            { module: "greet", attempt: 1 },
            { module: "docs", attempt: 1 },
          ],
        });
        expect(world.source).toMatchObject({ defaultBranch: "master", branchFrom: "HEAD" });
        expect(world.sandbox.defaultBranch).toBe("master");
        // The committed tree, byte for byte: the ignored-but-tracked file is there, uncommitted work is not.
        const tree = await world.sandbox.git(["ls-tree", "-r", "--name-only", "master"]);
        expect(tree.split("\n")).toEqual(
          expect.arrayContaining([".gitignore", "README.md", TRACKED_IGNORED, EDITED, "tests/test_version.sh"]),
        );
        expect(tree).not.toContain(UNTRACKED);
        expect(await world.sandbox.git(["show", `master:${EDITED}`])).toContain('echo "1.0.0"');
        expect(await world.sandbox.git(["rev-parse", "master^{tree}"])).toBe(
          (await import("node:child_process"))
            .execFileSync("git", ["rev-parse", "HEAD^{tree}"], { cwd: fixture.dir, encoding: "utf8" })
            .trim(),
        );

        const outcome = await world.run();

        expect(outcome.status).toBe("done");
        expectClean(world);
        // Each module's first attempt failed its own test command, in shell and in Markdown alike.
        expect(world.executions.map((e) => [e.module, e.attempt])).toEqual([
          ["greet", 1],
          ["greet", 2],
          ["docs", 1],
          ["docs", 2],
        ]);
        const failedCi = world.ciRuns.filter((run) => run.conclusion === "failure").map((run) => run.output);
        expect(failedCi).toEqual([
          expect.stringContaining("scripted bug: greet attempt 1"),
          expect.stringContaining("docs/usage.md has no Greeting section"),
        ]);
        // Work lands on master's integration branch; the final PR targets master.
        expect(modulePulls(world).every((p) => p.merged)).toBe(true);
        expect(finalPull(world)).toMatchObject({ base: "master", head: integration(world) });
        // The PNG survived the executor, the push and the merge.
        const png = await readFile(join(FIXTURE_SOLUTIONS, "docs", "docs", "logo.png"));
        const blob = await world.sandbox.git(["rev-parse", `${integration(world)}:docs/logo.png`]);
        const written = (await import("node:child_process")).execFileSync("git", [
          `--git-dir=${world.sandbox.gitDir}`,
          "cat-file",
          "blob",
          blob,
        ]);
        expect(written.equals(png)).toBe(true);
        expect(commentsOn(world, world.issue ?? 0).length).toBeGreaterThan(0);
      } finally {
        await rm(fixture.root, { recursive: true, force: true });
      }
    },
    E2E_TIMEOUT,
  );
});
