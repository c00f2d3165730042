import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseFailure } from "../../sandbox/world/failures.js";
import { isTestFile, withBug } from "../../sandbox/world/scripted-bug.js";

const WHY = "scripted bug: m attempt 1 fails its tests";

async function runs(file: string, text: string, command: string[]): Promise<{ status: number | null; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), "conductor-bug-"));
  try {
    await writeFile(join(dir, file), text);
    const run = spawnSync(command[0] ?? "", [...command.slice(1), file], { cwd: dir, encoding: "utf8" });
    return { status: run.status, out: `${run.stdout}${run.stderr}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("--fail kinds: the scripted bug breaks the module in its own language", () => {
  test("JavaScript and shell code that ran before fails to run after, naming the bug", async () => {
    const js = 'export const greet = (n) => "Hello, " + n;\n';
    expect((await runs("m.mjs", js, ["node"])).status).toBe(0);
    const brokenJs = await runs("m.mjs", withBug("src/m.mjs", js, WHY), ["node"]);
    expect(brokenJs.status).not.toBe(0);
    expect(brokenJs.out).toContain(WHY);

    const sh = '#!/bin/sh\ngreet() { echo "Hello, $1"; }\nexit 0\n';
    expect((await runs("m.sh", sh, ["sh"])).status).toBe(0);
    const brokenSh = await runs("m.sh", withBug("lib/m.sh", sh, WHY), ["sh"]);
    expect(brokenSh.status).toBe(1);
    expect(brokenSh.out).toContain(WHY);
  });

  test("each language gets a statement that fails at load or build; other files lose their content", () => {
    expect(withBug("pkg/m.py", "def f():\n    return 1\n", WHY)).toBe(
      `def f():\n    return 1\nraise RuntimeError("${WHY}")\n`,
    );
    expect(withBug("lib/m.rb", "def f; end", WHY)).toBe(`def f; end\nraise "${WHY}"\n`);
    expect(withBug("m.go", "package m\n", WHY)).toBe(`package m\nfunc init() { panic("${WHY}") }\n`);
    expect(withBug("src/lib.rs", "pub fn f() {}\n", WHY)).toBe(`pub fn f() {}\ncompile_error!("${WHY}");\n`);
    expect(withBug("m.c", "int f(void);\n", WHY)).toBe(`int f(void);\n#error "${WHY}"\n`);
    expect(withBug("docs/usage.md", "# Usage\n\n## Greeting\n", WHY)).toBe(`${WHY}\n`);
    expect(withBug("data.json", '{"a":1}', WHY)).toBe(`${WHY}\n`);
  });

  test("test files are recognised in the common runners' conventions, so they are never the ones broken", () => {
    for (const path of [
      "test/index.test.js",
      "tests/test_money.py",
      "pkg/test_money.py",
      "pkg/money_test.py",
      "money_test.go",
      "spec/money_spec.rb",
      "src/money.spec.ts",
      "src/__tests__/money.tsx",
      "src/MoneyTest.java",
    ]) {
      expect(isTestFile(path), path).toBe(true);
    }
    for (const path of ["src/money.js", "money.py", "lib/contest.py", "docs/testing.md", "latest.go"]) {
      expect(isTestFile(path), path).toBe(false);
    }
  });

  test("parseFailure reads MODULE@ATTEMPT[:KIND] and names the kinds on a bad one", () => {
    expect(parseFailure("docs@2:missing")).toEqual({ module: "docs", attempt: 2, kind: "missing" });
    expect(parseFailure("money@1")).toEqual({ module: "money", attempt: 1 });
    expect(parseFailure("money@1:false-claim")).toEqual({ module: "money", attempt: 1, kind: "false-claim" });
    expect(() => parseFailure("money@1:oops")).toThrow(/one of tests, missing, crash, false-claim, review, not "oops"/);
  });
});
