/**
 * Smoke runs of the commands the README promises, run as a user runs them (child processes, real entry
 * points), so a broken command cannot land: `npm run demo`, `conductor simulate` with `--repo`, `--base`,
 * `--solutions`, `--fail …:KIND`, `--no-ci` and `--help`, and `npm run bench` on a reduced task.
 * They check exit codes and the lines a user reads; the figures the bench prints are not asserted.
 */
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { NO_CHECKS_REASON } from "../../src/core/gates.js";
import { FIXTURE_SOLUTIONS, FIXTURE_SPEC, fixtureRepo } from "../e2e/fixture-repo.js";

const exec = promisify(execFile);
const SMOKE_TIMEOUT = 300_000;
type Ran = { code: number; stdout: string; stderr: string };

async function run(command: string, args: string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await exec(command, args, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : -1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? "",
    };
  }
}
const conductor = (...args: string[]) => run(process.execPath, ["bin/conductor.js", ...args]);

describe("smoke: the commands the README promises", () => {
  test(
    "npm run demo ends done with every module merged",
    async () => {
      const demo = await run("npm", ["run", "--silent", "demo"]);
      expect(demo.stderr).toBe("");
      expect(demo.code).toBe(0);
      expect(demo.stdout).toMatch(
        /^Done: 9\/9 module PRs merged into conductor\/1\/integration, final PR #\d+ \(Closes #1\)\.$/m,
      );
    },
    SMOKE_TIMEOUT,
  );

  test(
    "simulate --repo --base --solutions --fail on a checkout: done on the named branch, scripted failures retried",
    async () => {
      const fixture = await fixtureRepo();
      try {
        const args = [
          "simulate",
          FIXTURE_SPEC,
          "--repo",
          fixture.dir,
          "--base",
          "trunk",
          "--solutions",
          FIXTURE_SOLUTIONS,
        ];
        const ran = await conductor(...args, "--fail", "greet@1", "--fail", "docs@1:missing", "--fail", "docs@9");
        expect(ran.code).toBe(0);
        expect(ran.stdout).toContain(
          `Repository: the committed tree of ${fixture.dir} at HEAD ${fixture.head.slice(0, 7)}, on branch trunk (from --base).`,
        );
        expect(ran.stdout).toContain("status: done · escalations: 0");
        expect(ran.stdout).toMatch(/\| greet \| #\d+ \| merged \| 2 \|/);
        expect(ran.stdout).toMatch(/\| docs \| #\d+ \| merged \| 2 \|/);
        // A --fail that never happened is said, not silently ignored.
        expect(ran.stderr).toBe("warning: --fail docs@9: docs never reached attempt 9\n");
      } finally {
        await rm(fixture.root, { recursive: true, force: true });
      }
    },
    SMOKE_TIMEOUT,
  );

  test(
    "simulate --no-ci: the module waits for CI that never comes and the task blocks with the reason (exit 1)",
    async () => {
      const fixture = await fixtureRepo();
      try {
        const ran = await conductor(
          "simulate",
          FIXTURE_SPEC,
          "--repo",
          fixture.dir,
          "--solutions",
          FIXTURE_SOLUTIONS,
          "--no-ci",
        );
        expect(ran.code).toBe(1);
        expect(ran.stdout).toContain("on branch master (the branch checked out).");
        expect(ran.stdout).toContain(`Blocked: greet: ${NO_CHECKS_REASON}`);
        expect(ran.stdout).toContain("status: blocked · escalations: 1");
      } finally {
        await rm(fixture.root, { recursive: true, force: true });
      }
    },
    SMOKE_TIMEOUT,
  );

  test("simulate --help documents the options, the --solutions layout and every failure kind", async () => {
    const ran = await conductor("simulate", "--help");
    expect(ran.code).toBe(0);
    for (const text of ["--base BRANCH", "DIR/<module slug>/<path in the repo>", "tests ", "missing ", "crash "]) {
      expect(ran.stdout).toContain(text);
    }
  });

  test(
    "npm run bench -- --spec FILE runs the app and executor benchmarks on a reduced task",
    async () => {
      const bench = await run("npm", ["run", "--silent", "bench", "--", "--spec", "test/fixtures/bench-one-module.md"]);
      expect(bench.code).toBe(0);
      expect(bench.stdout).toContain("app benchmark: task test/fixtures/bench-one-module.md → done (1 modules");
      expect(bench.stdout).toMatch(/handler CPU time per event/);
      expect(bench.stdout).toContain("executor benchmark");
      expect(bench.stdout).toMatch(/estimate backtest: 2 finished sandbox tasks, 2 modules/);
    },
    SMOKE_TIMEOUT,
  );
});
