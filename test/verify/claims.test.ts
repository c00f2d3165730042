import { describe, expect, test } from "vitest";
import { emptyDiff } from "../../src/verify/rules/empty-diff.js";
import { unchangedFileClaimed } from "../../src/verify/rules/unchanged-file-claimed.js";
import { verifyContext } from "../../src/verify/verify-context.js";
import { file, input, insertion, item, newFile, result } from "./fixtures.js";

const schemaPatch = newFile(["CREATE TABLE users (", "  id BIGSERIAL PRIMARY KEY", ");"]);

describe("empty_diff: the diff is empty but the status claims a change", () => {
  test.each([
    { name: "FIXED with no files", status: "FIXED", changes: [], files: [], found: true },
    { name: "PARTIALLY_FIXED with no files", status: "PARTIALLY_FIXED", changes: [], files: [], found: true },
    {
      name: "NO_CHANGE_NEEDED but changes_made filled in",
      status: "NO_CHANGE_NEEDED",
      changes: [{ file: "db/schema.sql", change: "added users" }],
      files: [],
      found: true,
    },
    { name: "NO_CHANGE_NEEDED, nothing claimed", status: "NO_CHANGE_NEEDED", changes: [], files: [], found: false },
    {
      name: "ALREADY_IMPLEMENTED, nothing claimed",
      status: "ALREADY_IMPLEMENTED",
      changes: [],
      files: [],
      found: false,
    },
    {
      name: "FIXED with a file",
      status: "FIXED",
      changes: [],
      files: [file("db/schema.sql", schemaPatch, { status: "added" })],
      found: false,
    },
  ] as const)("$name", ({ status, changes, files, found }) => {
    const findings = emptyDiff(
      verifyContext(input({ files, result: result({ items: [item({ status, changes_made: [...changes] })] }) })),
    );
    expect(findings).toEqual(
      found ? [{ rule: "empty_diff", critical: false, message: expect.stringContaining('"work"') }] : [],
    );
  });
});

describe("unchanged_file_claimed: changes_made names files the diff does not touch", () => {
  const files = [
    file("db/schema.sql", schemaPatch, { status: "added" }),
    file("src/db/users.ts", insertion(10, ["export const users = table('users');"])),
    file("src/db/new-name.ts", undefined, { status: "renamed", previous_filename: "src/db/old-name.ts", changes: 0 }),
  ];
  test.each([
    { name: "every claimed file is in the diff", claimed: ["db/schema.sql", "src/db/users.ts"], missing: [] },
    { name: "./ and backslashes are the same file", claimed: ["./db/schema.sql", "src\\db\\users.ts"], missing: [] },
    { name: "a rename counts under its old name", claimed: ["src/db/old-name.ts"], missing: [] },
    { name: "a directory counts when something in it changed", claimed: ["src/db/"], missing: [] },
    { name: "an untouched file is reported", claimed: ["src/api/users.ts"], missing: ["src/api/users.ts"] },
    {
      name: "each untouched file once, even when claimed twice",
      claimed: ["README.md", "docs/db.md", "README.md"],
      missing: ["README.md", "docs/db.md"],
    },
  ])("$name", ({ claimed, missing }) => {
    const changes = claimed.map((f) => ({ file: f, change: "edited" }));
    const findings = unchangedFileClaimed(
      verifyContext(input({ files, result: result({ items: [item({ status: "FIXED", changes_made: changes })] }) })),
    );
    expect(findings.map((f) => [f.rule, f.path, f.line, f.critical])).toEqual(
      missing.map((path) => ["unchanged_file_claimed", path, undefined, false]),
    );
    for (const finding of findings) expect(finding.message).toMatch(/Item "work" says it changed .+, but the PR/);
  });
});
