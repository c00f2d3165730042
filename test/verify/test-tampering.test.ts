/**
 * Ways an executor can make a test run green without making the tests pass, each a `conductor/verify`
 * finding annotated where it happened (DESIGN §6: tests deleted or skipped, and the harness's test run).
 */
import { describe, expect, test } from "vitest";
import { verifyCheckRunOutput } from "../../src/verify/annotations.js";
import type { PrFile } from "../../src/verify/pr-file.js";
import { verify } from "../../src/verify/verify.js";
import { brief, file, input, insertion, result } from "./fixtures.js";

const findings = (files: PrFile[]) => verify(input({ files })).filter((f) => f.rule !== "outside_paths");

describe("each attack is a finding with its annotation", () => {
  test.each([
    [
      "focused test: it.only",
      "test/users.test.ts",
      insertion(3, ["  it.only('finds a user', () => {});"]),
      "test_focused",
      4,
    ],
    [
      "focused test: describe.only",
      "src/users.spec.ts",
      insertion(1, ["describe.only('users', () => {"]),
      "test_focused",
      2,
    ],
    ["focused test: fit", "spec/users_spec.js", insertion(7, ["  fit('finds', () => {});"]), "test_focused", 8],
    ["focused test: it['only']", "test/a.test.js", insertion(2, ["it['only']('a', () => {});"]), "test_focused", 3],
    [
      "skipped through a computed member: it['skip']",
      "test/a.test.ts",
      insertion(2, ['it["skip"]("a", () => {});']),
      "test_skipped",
      3,
    ],
    ["process.exit(0) added to a test", "test/a.test.ts", insertion(1, ["process.exit(0);"]), "test_exit", 2],
    ["os._exit(0) added to a test", "tests/test_users.py", insertion(4, ["os._exit(0)"]), "test_exit", 5],
    [
      "package.json test script emptied",
      "package.json",
      '@@ -5,3 +5,3 @@\n   "scripts": {\n-    "test": "vitest run",\n+    "test": "true",\n   },',
      "test_script_changed",
      6,
    ],
    [
      "pyproject.toml test script replaced",
      "pyproject.toml",
      '@@ -10,2 +10,2 @@ [tool.hatch.envs.default.scripts]\n-test = "pytest"\n+test = "echo ok"',
      "test_script_changed",
      10,
    ],
    [
      "Makefile test recipe replaced",
      "Makefile",
      "@@ -4,2 +4,2 @@ test:\n-\tgo test ./...\n+\t@echo ok",
      "test_script_changed",
      4,
    ],
    [
      "vitest config excludes test files",
      "vitest.config.ts",
      insertion(3, ["    exclude: ['test/users.test.ts'],"]),
      "test_excluded",
      4,
    ],
    [
      "jest ignores a test path",
      "jest.config.js",
      insertion(2, ["  testPathIgnorePatterns: ['users'],"]),
      "test_excluded",
      3,
    ],
    [
      "pytest ignores a test file",
      "pytest.ini",
      insertion(1, ["addopts = --ignore=tests/test_users.py"]),
      "test_excluded",
      2,
    ],
    [
      "Go test file left out by a build constraint",
      "users_test.go",
      "@@ -0,0 +1,1 @@\n+//go:build ignore",
      "test_excluded",
      1,
    ],
  ])("%s", (_, path, patch, rule, line) => {
    const found = findings([file(path, patch)]);
    expect(found).toContainEqual(expect.objectContaining({ rule, path, line }));
    const annotations = verifyCheckRunOutput(found).outputs.flatMap((o) => o.annotations);
    expect(annotations).toContainEqual(
      expect.objectContaining({ path, start_line: line, annotation_level: "failure" }),
    );
  });
});

test("a harness test run whose command differs from the brief's is a finding", () => {
  const ran = { command: "true", exit_code: 0, output_tail: "", timed_out: false };
  const out = verify(input({ brief: brief({ test_command: "npm test" }), result: result({ test: ran }) }));
  expect(out).toContainEqual(expect.objectContaining({ rule: "test_command_changed" }));
  expect(out.find((f) => f.rule === "test_command_changed")?.message).toContain("`npm test`");
});

test("ordinary changes to tests and configuration are not findings", () => {
  const files = [
    file("test/a.test.ts", insertion(2, ["it('only lists active users', () => { expect(fitness()).toBe(1); });"])),
    file("package.json", '@@ -5,2 +5,3 @@\n   "scripts": {\n+    "lint": "biome check",\n     "test": "vitest run"'),
    file("Makefile", "@@ -9,2 +9,2 @@ build:\n-\tgo build .\n+\tgo build ./..."),
    file("src/exit.ts", insertion(2, ["process.exit(0);"])),
  ];
  const ran = { command: "npm  test", exit_code: 0, output_tail: "", timed_out: false };
  const out = verify(input({ files, brief: brief({ test_command: "npm test" }), result: result({ test: ran }) }));
  expect(out.filter((f) => f.rule.startsWith("test_"))).toEqual([]);
});
