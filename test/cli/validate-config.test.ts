/**
 * `conductor validate-config [FILE]` as CI or a pre-commit hook runs it: the real `bin/conductor.js` in a
 * repository's directory, judged by its exit code and the lines it prints (docs/setup.md#check-the-configuration-in-ci-and-pre-commit).
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const BIN = resolve(import.meta.dirname, "../../bin/conductor.js");
const exec = promisify(execFile);

async function validate(cwd: string, ...args: string[]) {
  return exec(process.execPath, [BIN, "validate-config", ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

async function repo(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "conductor-validate-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

test("a typo and a bad value: each on its line, with the app's message and a suggestion; exit 1", async () => {
  const dir = await repo({
    ".github/conductor.yml": "# limits\nretries:\n  max_attempt: 3\ngates:\n  review: maybe\n",
  });
  const run = await validate(dir);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr.split("\n")).toEqual([
    ".github/conductor.yml:3: retries.max_attempt: unknown key (did you mean `max_attempts`?)",
    '.github/conductor.yml:5: gates.review: expected "none" or "required", got "maybe"',
    ".github/conductor.yml: 2 problems; Conductor would run nothing until they are fixed",
    "",
  ]);
});

test("a YAML syntax error names its line and column; exit 1", async () => {
  const dir = await repo({ "conductor.yml": "retries:\n  max_attempts: [3\n" });
  const run = await validate(dir, "conductor.yml");
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^conductor\.yml:\d+: YAML syntax error at line \d+, column \d+: /);
});

test("a valid file says so and exits 0", async () => {
  const dir = await repo({ ".github/conductor.yml": "retries:\n  max_attempts: 5\ngates:\n  review: required\n" });
  expect(await validate(dir)).toEqual({ code: 0, stdout: ".github/conductor.yml: valid\n", stderr: "" });
});

test("no file at the default path is the defaults (exit 0); a named file that is missing fails", async () => {
  const dir = await repo();
  const absent = await validate(dir);
  expect(absent.code).toBe(0);
  expect(absent.stdout).toMatch(/^\.github\/conductor\.yml: not found; Conductor uses the documented defaults/);
  const named = await validate(dir, "missing.yml");
  expect(named.code).toBe(1);
  expect(named.stderr).toMatch(/^conductor validate-config: cannot read missing\.yml: ENOENT/);
});

test("more than one FILE is a usage error (exit 2)", async () => {
  const run = await validate(await repo(), "a.yml", "b.yml");
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("usage: conductor validate-config [FILE]");
});
