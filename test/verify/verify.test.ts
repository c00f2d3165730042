import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { VerifyFinding } from "../../src/protocol/feedback.js";
import { PrFile } from "../../src/verify/pr-file.js";
import { unreadableFiles } from "../../src/verify/unreadable-files.js";
import { verify } from "../../src/verify/verify.js";
import { brief, file, input, insertion, item, newFile, result } from "./fixtures.js";

describe("verify", () => {
  test("a clean PR: no findings", () => {
    const files = [file("grpc-service/db/schema.sql", newFile(["CREATE TABLE users (id BIGSERIAL PRIMARY KEY);"]))];
    const check = "grep -q 'CREATE TABLE users' grpc-service/db/schema.sql";
    const claimed = item({
      status: "FIXED",
      changes_made: [{ file: "grpc-service/db/schema.sql", change: "users" }],
      hallucination_check: check,
      harness: {
        verification: null,
        hallucination_check: { command: check, exit_code: 0, output_tail: "", timed_out: false },
      },
    });
    expect(
      verify(input({ files, result: result({ items: [claimed] }), brief: brief({ paths: ["grpc-service/db/**"] }) })),
    ).toEqual([]);
  });

  test("several rules at once: critical findings first, then the rule order, each with its line", () => {
    const files = [
      file("grpc-service/db/users.go", insertion(3, ["// TODO: validate", `var key = "AKIA${"Q7ZL3RT5VB2NX6CK"}"`])),
      file(".github/workflows/ci.yml", insertion(8, ["      - run: echo hi"])),
    ];
    const findings = verify(input({ files, brief: brief({ paths: ["grpc-service/db/**"] }) }));
    expect(findings.map((f) => [f.rule, f.critical, f.path, f.line])).toEqual([
      ["secret", true, "grpc-service/db/users.go", 5],
      ["protected_path", true, ".github/workflows/ci.yml", 9],
      ["placeholder", false, "grpc-service/db/users.go", 4],
    ]);
  });

  test("a file without a patch is listed as not inspected, and does not crash any rule", () => {
    const files = [
      file("assets/logo.png", undefined, { status: "added", changes: 0 }),
      file("data/fixtures.json", undefined, { additions: 9000, deletions: 0, changes: 9000 }),
      file("src/a.ts", undefined, { status: "renamed", previous_filename: "src/b.ts", changes: 0 }),
    ];
    expect(verify(input({ files }))).toEqual([]);
    expect(unreadableFiles(files)).toEqual([
      { path: "assets/logo.png", reason: "binary" },
      { path: "data/fixtures.json", reason: "too_large" },
    ]);
  });

  test("the PrFile schema reads GitHub's listing and drops what verify does not use", () => {
    const listed = {
      sha: "bbcd538c8e72b8c175046e27cc8f907076331401",
      filename: "file1.txt",
      status: "added",
      additions: 103,
      deletions: 21,
      changes: 124,
      blob_url: "https://github.com/octocat/Hello-World/blob/6dcb09b5b57875f334f61aebed695e2e4193db5e/file1.txt",
      patch: "@@ -132,7 +132,7 @@ module Test @@ -1000,7 +1000,7 @@ module Test",
    };
    expect(PrFile.parse(listed)).toEqual({
      filename: "file1.txt",
      status: "added",
      additions: 103,
      deletions: 21,
      changes: 124,
      patch: listed.patch,
    });
  });
});

// Patches built from hunk-like pieces and arbitrary text, so both the parser's happy path and garbage are hit.
const patchLine = fc.oneof(
  fc.string(),
  fc.string().map((s) => `+${s}`),
  fc.string().map((s) => `-${s}`),
  fc.string().map((s) => ` ${s}`),
  fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()).map(([a, b, c, d]) => `@@ -${a},${b} +${c},${d} @@`),
  fc.constantFrom(
    "\\ No newline at end of file",
    "+// TODO",
    "-it('x', () => {});",
    "+it.skip('x')",
    "@@ -0,0 +0,0 @@",
  ),
);
const arbitraryFile = fc.record({
  filename: fc.oneof(
    fc.string({ minLength: 1 }),
    fc.constantFrom("src/a.test.ts", ".github/workflows/ci.yml", "src/lib.rs"),
  ),
  status: fc.constantFrom("added", "removed", "modified", "renamed", "copied", "changed", "unchanged"),
  additions: fc.nat(),
  deletions: fc.nat(),
  changes: fc.nat(),
  patch: fc.option(
    fc.array(patchLine, { maxLength: 30 }).map((lines) => lines.join("\n")),
    { nil: undefined },
  ),
  previous_filename: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
});

describe("verify (properties)", () => {
  test("never throws on arbitrary files and patches, and every finding is a valid VerifyFinding", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryFile, { maxLength: 6 }),
        fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
        (files, paths) => {
          const parsed = files.map((f) => PrFile.parse(f));
          const claimed = item({ status: "FIXED", changes_made: paths.map((p) => ({ file: p, change: "x" })) });
          const findings = verify(
            input({ files: parsed, result: result({ items: [claimed] }), brief: brief({ paths }) }),
          );
          for (const finding of findings) expect(VerifyFinding.parse(finding)).toEqual(finding);
          unreadableFiles(parsed);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("every added line of a well-formed hunk is numbered from its header", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.constantFrom(" ctx", "+// TODO add", "-gone"), { maxLength: 40 }),
        (start, body) => {
          const patch = [`@@ -${start},1 +${start},1 @@`, ...body].join("\n");
          const findings = verify(input({ files: [file("src/a.ts", patch)] }));
          let line = start;
          const expected: number[] = [];
          for (const l of body) {
            if (l.startsWith("+")) expected.push(line);
            if (!l.startsWith("-")) line++;
          }
          expect(findings.map((f) => f.line)).toEqual(expected);
        },
      ),
    );
  });
});
