import { describe, expect, test } from "vitest";
import type { CommandRun } from "../../src/protocol/result.js";
import { harnessFailed } from "../../src/verify/rules/harness-failed.js";
import { verifyContext } from "../../src/verify/verify-context.js";
import { brief, input, item, result } from "./fixtures.js";

const ran = (command: string, exit_code: number, output_tail = "", timed_out = false): CommandRun => ({
  command,
  exit_code,
  output_tail,
  timed_out,
});

describe("harness_failed: what the harness saw fail", () => {
  test.each([
    {
      name: "all green",
      items: [
        item({
          verification_command: "grep -n 'PRIMARY KEY' db/schema.sql",
          hallucination_check: "test -f db/schema.sql",
          harness: {
            verification: ran("grep -n 'PRIMARY KEY' db/schema.sql", 0),
            hallucination_check: ran("test -f db/schema.sql", 0),
          },
        }),
      ],
      test: ran("npm test", 0),
      testCommand: "npm test",
      expected: [],
    },
    {
      name: "a verification command that failed, with the tail of its output",
      items: [
        item({
          verification_command: "grep -n 'PRIMARY KEY' db/schema.sql",
          harness: {
            verification: ran("grep -n 'PRIMARY KEY' db/schema.sql", 1, "line 1\nline 2"),
            hallucination_check: null,
          },
        }),
      ],
      test: null,
      testCommand: null,
      expected: [
        "Item \"work\": verification command `grep -n 'PRIMARY KEY' db/schema.sql` exited with 1.\n\n```\nline 1\nline 2\n```",
      ],
    },
    {
      name: "a hallucination check that timed out",
      items: [
        item({
          hallucination_check: "node -e 'require(\"./lib/users\")'",
          harness: {
            verification: null,
            hallucination_check: ran("node -e 'require(\"./lib/users\")'", 124, "", true),
          },
        }),
      ],
      test: null,
      testCommand: null,
      expected: ['Item "work": hallucination check `node -e \'require("./lib/users")\'` timed out.'],
    },
    {
      name: "the test command failed: only the last lines of output, in a fence the output cannot close",
      items: [item()],
      test: ran("npm test", 1, "1\n2\n3\n4\n5\n6\n``` FAIL users.test.ts"),
      testCommand: "npm test",
      expected: ["Test command `npm test` exited with 1.\n\n````\n3\n4\n5\n6\n``` FAIL users.test.ts\n````"],
    },
    {
      name: "commands the harness never ran",
      items: [item({ verification_command: "make check" })],
      test: null,
      testCommand: "go test ./...",
      expected: [
        'Item "work": verification command `make check` was not run by the harness.',
        "Test command `go test ./...` was not run by the harness.",
      ],
    },
  ])("$name", ({ items, test: testRun, testCommand, expected }) => {
    const findings = harnessFailed(
      verifyContext(input({ result: result({ items, test: testRun }), brief: brief({ test_command: testCommand }) })),
    );
    expect(findings.map((f) => f.message)).toEqual(expected);
    expect(findings.every((f) => f.rule === "harness_failed" && !f.critical && f.path === undefined)).toBe(true);
  });
});
