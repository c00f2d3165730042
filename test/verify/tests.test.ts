import { describe, expect, test } from "vitest";
import type { PrFile } from "../../src/verify/pr-file.js";
import { testRemoved } from "../../src/verify/rules/test-removed.js";
import { testSkipped } from "../../src/verify/rules/test-skipped.js";
import { verifyContext } from "../../src/verify/verify-context.js";
import { file, input, insertion, newFile } from "./fixtures.js";

const run = (rule: typeof testRemoved, files: PrFile[]) => rule(verifyContext(input({ files })));

describe("test_removed: deleted test files and deleted test cases", () => {
  test.each([
    {
      name: "a deleted test file (no line: it is gone from the head)",
      files: [
        file("test/users.test.ts", "@@ -1,3 +0,0 @@\n-import { it } from 'vitest';\n-it('a', () => {});\n-", {
          status: "removed",
        }),
      ],
      expected: [["test/users.test.ts", undefined, "Test file test/users.test.ts was deleted."]],
    },
    {
      name: "a deleted Python test module, even without a patch",
      files: [file("tests/test_users.py", undefined, { status: "removed", deletions: 40, changes: 40 })],
      expected: [["tests/test_users.py", undefined, "Test file tests/test_users.py was deleted."]],
    },
    {
      name: "a deleted source file is not a test",
      files: [file("src/users.ts", "@@ -1,1 +0,0 @@\n-export {};", { status: "removed" })],
      expected: [],
    },
    {
      name: "a vitest case deleted from a spec, annotated where it was",
      files: [
        file(
          "src/users.spec.ts",
          [
            "@@ -10,9 +10,5 @@ describe('users', () => {",
            "   it('finds a user', async () => {",
            "     expect(await find(1)).toBeDefined();",
            "   });",
            "-  it('rejects an unknown id', async () => {",
            "-    await expect(find(99)).rejects.toThrow();",
            "-  });",
            "-",
            "   it('lists users', async () => {",
            "     expect(await list()).toHaveLength(2);",
          ].join("\n"),
        ),
      ],
      expected: [
        [
          "src/users.spec.ts",
          12,
          'src/users.spec.ts declares 1 test case fewer than before; removed: "rejects an unknown id".',
        ],
      ],
    },
    {
      name: "a renamed case is not a deleted one",
      files: [
        file(
          "src/users.spec.ts",
          [
            "@@ -10,3 +10,3 @@",
            "-  it('finds a user', async () => {",
            "+  it('finds a user by id', async () => {",
            "     expect(1);",
          ].join("\n"),
        ),
      ],
      expected: [],
    },
    {
      name: "Go: a Test func deleted from a _test.go file",
      files: [
        file(
          "pkg/db/users_test.go",
          [
            "@@ -20,7 +20,3 @@ func TestFind(t *testing.T) {",
            " }",
            " ",
            "-func TestDelete(t *testing.T) {",
            "-\tdel(1)",
            "-}",
            "-",
            " func helper() {}",
          ].join("\n"),
        ),
      ],
      expected: [
        [
          "pkg/db/users_test.go",
          21,
          'pkg/db/users_test.go declares 1 test case fewer than before; removed: "TestDelete".',
        ],
      ],
    },
    {
      name: "Rust: a #[test] removed from a source file's test module",
      files: [
        file(
          "src/parse.rs",
          [
            "@@ -80,6 +80,2 @@ mod tests {",
            "     use super::*;",
            "-    #[test]",
            "-    fn parses_empty() {",
            "-    }",
            "-",
            " }",
          ].join("\n"),
        ),
      ],
      expected: [["src/parse.rs", 80, "src/parse.rs declares 1 test case fewer than before; removed: a #[test] test."]],
    },
    {
      name: "a test file renamed to a name no runner picks up",
      files: [
        file("src/users.ts", undefined, { status: "renamed", previous_filename: "src/users.test.ts", changes: 0 }),
      ],
      expected: [
        [
          "src/users.ts",
          undefined,
          "Test file src/users.test.ts was renamed to src/users.ts, which test runners do not pick up.",
        ],
      ],
    },
  ])("$name", ({ files, expected }) => {
    const findings = run(testRemoved, files);
    expect(findings.map((f) => [f.path, f.line, f.message])).toEqual(expected);
    expect(findings.every((f) => f.rule === "test_removed" && !f.critical)).toBe(true);
  });
});

describe("test_skipped: newly skipped tests", () => {
  test.each([
    { path: "src/a.test.ts", line: "  it.skip('flaky', () => {", label: ".skip / .todo" },
    { path: "src/a.test.ts", line: "describe.skip('suite', () => {", label: ".skip / .todo" },
    { path: "e2e/login.spec.ts", line: "test.describe.skip('login', () => {", label: ".skip / .todo" },
    { path: "src/a.test.ts", line: "  it.todo('later');", label: ".skip / .todo" },
    { path: "src/a.test.js", line: "  xit('flaky', function () {", label: "xit / xdescribe" },
    { path: "src/a.test.js", line: "xdescribe('suite', () => {", label: "xit / xdescribe" },
    { path: "test/a.js", line: "    this.skip();", label: "this.skip()" },
    { path: "tests/test_users.py", line: "@pytest.mark.skip(reason='flaky')", label: "@pytest.mark.skip" },
    {
      path: "tests/test_users.py",
      line: "@pytest.mark.skipif(sys.platform == 'win32', reason='x')",
      label: "@pytest.mark.skip",
    },
    { path: "tests/test_users.py", line: "    @unittest.skip('broken')", label: "@unittest.skip" },
    { path: "tests/test_users.py", line: "        self.skipTest('no db')", label: "skipTest()" },
    { path: "pkg/db/users_test.go", line: '\tt.Skip("needs postgres")', label: "t.Skip()" },
    { path: "src/parse.rs", line: "    #[ignore]", label: "#[ignore]" },
    { path: "src/test/java/UsersTest.java", line: "  @Disabled", label: "@Disabled / @Ignore" },
    { path: "tests/UsersTests.cs", line: '    [Fact(Skip = "flaky")]', label: "Skip =" },
    { path: "spec/users_spec.rb", line: "    skip 'not yet'", label: "skip / pending" },
    { path: "tests/UserTest.php", line: "        $this->markTestSkipped('later');", label: "markTestSkipped()" },
  ])("$path: $line", ({ path, line, label }) => {
    const findings = run(testSkipped, [file(path, insertion(14, [line]))]);
    expect(findings).toEqual([
      {
        rule: "test_skipped",
        critical: false,
        path,
        line: 15,
        message: `Added line skips a test (${label}): ${line.trim()}`,
      },
    ]);
  });

  test.each([
    { name: "not a test file", path: "src/stream.ts", line: "reader.skip(4);" },
    { name: "exit is not xit", path: "src/a.test.ts", line: "process.exit(1);" },
    { name: "a variable called skip", path: "tests/test_a.py", line: "    skip = compute()" },
    { name: "an ordinary test", path: "src/a.test.ts", line: "it('works', () => {" },
  ])("no finding: $name", ({ path, line }) => {
    expect(run(testSkipped, [file(path, insertion(1, [line]))])).toEqual([]);
  });

  test("a skip that was already there and only moved is not new", () => {
    const patch = [
      "@@ -5,2 +5,2 @@",
      "-it.skip('flaky', () => {});",
      "-x();",
      "+x();",
      "+it.skip('flaky', () => {});",
    ].join("\n");
    expect(run(testSkipped, [file("src/a.test.ts", patch)])).toEqual([]);
  });

  test("a new test file full of skips reports each line", () => {
    const patch = newFile(["import { it } from 'vitest';", "it.skip('a', () => {});", "it.skip('b', () => {});"]);
    expect(run(testSkipped, [file("src/b.test.ts", patch, { status: "added" })]).map((f) => f.line)).toEqual([2, 3]);
  });
});
