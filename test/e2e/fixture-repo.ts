/**
 * The simulator's fixture repository made real: `test/fixtures/simulator-master-repo` copied into a temp dir
 * and committed as a git repository whose default branch is `master`, with what a real checkout has that
 * a plain folder has not — a tracked file its `.gitignore` matches, an uncommitted edit, an untracked file.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(ROOT, "test", "fixtures");
const EXECUTOR_WORKFLOW = ".github/workflows/conductor-executor.yml";
export const FIXTURE_SOLUTIONS = join(FIXTURES, "simulator-master-solutions");
export const FIXTURE_SPEC = join(FIXTURES, "simulator-master-task.md");

/** What the checkout holds besides its committed files. */
export const TRACKED_IGNORED = "build/VERSION.log";
export const UNTRACKED = "scratch.txt";
export const EDITED = "lib/version.sh";

/**
 * Builds the repository under a fresh temp dir (the caller removes `root`); returns its path and HEAD.
 * `executor: false` leaves Conductor's executor workflow out, as in a repository not yet onboarded.
 */
export async function fixtureRepo(
  options: { branch?: string; executor?: boolean } = {},
): Promise<{ root: string; dir: string; head: string }> {
  const { branch = "master", executor = true } = options;
  const root = await mkdtemp(join(tmpdir(), "conductor-fixture-"));
  const dir = join(root, "greeter");
  await cp(join(FIXTURES, "simulator-master-repo"), dir, { recursive: true });
  await rename(join(dir, "gitignore"), join(dir, ".gitignore"));
  // The executor workflow as onboarding adds it (the current template, so it never goes stale here).
  if (executor) await cp(join(ROOT, ".github", "workflows", "conductor-executor.yml"), join(dir, EXECUTOR_WORKFLOW));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Fixture", "-c", "user.email=fixture@example.com", ...args], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    }).trim();
  git("init", "-q", `--initial-branch=${branch}`);
  git("add", "-A");
  await mkdir(join(dir, "build"), { recursive: true });
  await writeFile(join(dir, TRACKED_IGNORED), "1.0.0\n");
  git("add", "-f", TRACKED_IGNORED);
  git("commit", "-q", "-m", "greeter 1.0.0");
  // What must not reach the sandbox: work that was never committed.
  await writeFile(join(dir, UNTRACKED), "not committed\n");
  await writeFile(join(dir, EDITED), "#!/bin/sh\ngreeter_version() { echo 'uncommitted'; }\n");
  return { root, dir, head: git("rev-parse", "HEAD") };
}
