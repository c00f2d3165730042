import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import { fixedCi, masterRepo } from "../fixtures/master-repo.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const remove of cleanups.splice(0)) remove();
});

/** The fixture executor workflow, and the 1-based line of its first line containing `needle`: the template grows. */
const executorYml = readFileSync(
  join(import.meta.dirname, "../fixtures/master-repo/.github/workflows/conductor-executor.yml"),
  "utf8",
);
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

async function doctor(edits: Record<string, string> = {}, args: string[] = []) {
  const repo = masterRepo(edits);
  cleanups.push(repo.remove);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readFile: async () => "" };
  const code = await runCli(["doctor", repo.dir, ...args], io);
  return { code, out: out.join("\n"), err: err.join("\n"), dir: repo.dir };
}

describe("conductor doctor", () => {
  test("CI only on PRs into master: an error with the branches line, the fix, the default branch; exit 1", async () => {
    const { code, out, err } = await doctor();
    expect(err).toBe("");
    expect(code).toBe(1);
    expect(out).toContain("(default branch `master`, from the checked-out branch");
    expect(out).toContain(
      "! warning .github/workflows/ci.yml:6  does not run on module PRs into `conductor/1/integration`: `branches` (`master`) does not select the base branch `conductor/1/integration`\n            fix: add `'conductor/**'` to `branches`",
    );
    expect(out).toContain(
      "✗ error   .github/workflows  no CI runs on module PRs into `conductor/1/integration`: each module would wait `gates.checks_timeout_minutes` (30 min) and then escalate",
    );
    expect(out).toContain(
      "✓ ok      .github/workflows/conductor-executor.yml  the executor workflow is present and current",
    );
    expect(out).toContain(
      `· info    .github/workflows/conductor-executor.yml:${lineOf(executorYml, "secrets.CONDUCTOR_APP_ID")}  reads the secret \`CONDUCTOR_APP_ID\``,
    );
    expect(out).toContain("base branch `master` (the default branch)");
    expect(out.split("\n").at(-1)).toBe("1 error, 1 warning");
  });

  test("with conductor/** added the CI runs on module PRs and the doctor exits 0", async () => {
    const { code, out } = await doctor({ ".github/workflows/ci.yml": fixedCi() });
    expect(out).toContain(
      "✓ ok      .github/workflows/ci.yml:5  runs on module PRs into `conductor/1/integration` (`pull_request`): `test`",
    );
    expect(out.split("\n").at(-1)).toBe("0 errors, 0 warnings");
    expect(code).toBe(0);
  });

  test("an invalid config is reported with the app's own messages and line; --json for CI", async () => {
    const { code, out } = await doctor(
      { ".github/workflows/ci.yml": fixedCi(), ".github/conductor.yml": "gates:\n  chekcs: all\n" },
      ["--json"],
    );
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      default_branch: string;
      findings: { severity: string; line: number; message: string }[];
    };
    expect(report.default_branch).toBe("master");
    const config = report.findings.find((f) => f.severity === "error");
    expect(config).toMatchObject({ line: 2 });
    expect(config?.message).toMatch(/chekcs.*did you mean `checks`/);
  });

  test("a missing or stale executor workflow is an error naming what differs", async () => {
    const stale = executorYml
      .replace(/ {6}nonce:\n.*\n.*\n/, "")
      .replaceAll(/uses: conductor-app\/conductor\/action@\S+/g, "run: echo");
    const { code, out } = await doctor({
      ".github/workflows/ci.yml": fixedCi(),
      ".github/workflows/conductor-executor.yml": stale,
    });
    expect(code).toBe(1);
    expect(out).toContain(
      `conductor-executor.yml:${lineOf(stale, "workflow_dispatch:")}  the executor workflow is not current: its \`workflow_dispatch\` lacks the inputs \`nonce\``,
    );
    expect(out).toMatch(/the executor workflow is not current: no step uses `conductor-app\/conductor\/action`/);

    const renamed = await doctor({
      ".github/workflows/ci.yml": fixedCi(),
      ".github/conductor.yml": "executor:\n  workflow: agent.yml\n",
    });
    expect(renamed.out).toContain(
      "✗ error   .github/workflows/agent.yml  the executor workflow `.github/workflows/agent.yml` is missing",
    );
  });

  test("a folder that is not a directory is a usage error (exit 2)", async () => {
    const io: CliIo = { out: () => undefined, err: () => undefined, readFile: async () => "" };
    expect(await runCli(["doctor", "/nonexistent/dir"], io)).toBe(2);
  });
});
