/**
 * The re-verification rules of `conductor/verify` (docs/security.md#independent-re-verification), pure:
 * the result's claimed exit codes against what the verify job observed on the same SHA; and the rule
 * that a FIXED item must name a hallucination check.
 */
import { describe, expect, test } from "vitest";
import type { CommandRun } from "../../src/protocol/result.js";
import type { Reverification } from "../../src/protocol/reverify.js";
import { reverifyFindings } from "../../src/verify/reverify-findings.js";
import { verify } from "../../src/verify/verify.js";
import { input, item, result } from "./fixtures.js";

const ran = (command: string, exit_code: number, output_tail = "", timed_out = false): CommandRun => ({
  command,
  exit_code,
  output_tail,
  timed_out,
});

/** A done result whose harness says every command exited 0. */
const claimed = result({
  items: [
    item({
      id: "pk",
      status: "FIXED",
      verification_command: "grep -n 'PRIMARY KEY' db/schema.sql",
      hallucination_check: "test -f db/schema.sql",
      harness: {
        verification: ran("grep -n 'PRIMARY KEY' db/schema.sql", 0),
        hallucination_check: ran("test -f db/schema.sql", 0),
      },
    }),
  ],
  test: ran("npm test", 0, "ok"),
});

/** What the verify job saw; the same as claimed unless a case changes it. */
function observed(over: Partial<Reverification> = {}): Reverification {
  return {
    version: 1,
    task: 7,
    module: "db",
    attempt: 1,
    nonce: "nonce-123",
    head_sha: claimed.head_sha,
    test: ran("npm test", 0, "ok"),
    items: [
      {
        id: "pk",
        verification: ran("grep -n 'PRIMARY KEY' db/schema.sql", 0),
        hallucination_check: ran("test -f db/schema.sql", 0),
      },
    ],
    sandbox: "commands run as uid 65534",
    ...over,
  };
}

const posted = (record: Reverification) => reverifyFindings(claimed, { kind: "posted", record });

describe("reverify_mismatch: the re-run disagrees with the claim", () => {
  test("the same exit codes on the same SHA: no finding", () => {
    expect(posted(observed())).toEqual([]);
  });

  test("a claimed 0 that really exits 1: names the command, both exit codes and the output tail", () => {
    const record = observed({ test: ran("npm test", 1, "FAIL src/db.test.ts\n  expected 1 row, got 0") });
    expect(posted(record)).toEqual([
      {
        rule: "reverify_mismatch",
        critical: false,
        message:
          "Test command `npm test`: the result claims exit 0, the re-verification observed exit 1.\n\n```\nFAIL src/db.test.ts\n  expected 1 row, got 0\n```",
      },
    ]);
  });

  test("each item's verification and hallucination check are compared; a timeout is not an exit 0", () => {
    const record = observed({
      items: [
        {
          id: "pk",
          verification: ran("grep -n 'PRIMARY KEY' db/schema.sql", 1),
          hallucination_check: ran("test -f db/schema.sql", 124, "", true),
        },
      ],
    });
    expect(posted(record).map((f) => f.message)).toEqual([
      "Item \"pk\": verification command `grep -n 'PRIMARY KEY' db/schema.sql`: the result claims exit 0, the re-verification observed exit 1.",
      'Item "pk": hallucination check `test -f db/schema.sql`: the result claims exit 0, the re-verification observed exit 124 (timed out).',
    ]);
  });

  test("another command re-run, or a claimed command not re-run at all, is a finding", () => {
    const record = observed({
      test: ran("true", 0),
      items: [{ id: "pk", verification: null, hallucination_check: ran("test -f db/schema.sql", 0) }],
    });
    expect(posted(record).map((f) => f.message)).toEqual([
      "Test command: the result claims `npm test`, but `true` was re-run.",
      "Item \"pk\": verification command `grep -n 'PRIMARY KEY' db/schema.sql` was not re-run.",
    ]);
  });

  test("a re-verification of another SHA compares nothing and says so", () => {
    expect(posted(observed({ head_sha: "e".repeat(40) })).map((f) => f.message)).toEqual([
      "The re-verification ran on eeeeeee, but the result is for aaaaaaa.",
    ]);
  });
});

describe("reverify_missing: no usable re-verification", () => {
  test("none arrived by the deadline", () => {
    const [finding] = reverifyFindings(claimed, { kind: "missing", waitedMinutes: 30, deadline: true });
    expect(finding?.rule).toBe("reverify_missing");
    expect(finding?.message).toMatch(/^No independent re-verification for attempt 1: none arrived within 30 minutes/);
    expect(finding?.message).toContain("gates.reverify: off");
  });

  test("a record that says it did not complete is a finding with its reason, without a line per command", () => {
    const record = observed({ test: null, items: [], error: "the verify job left no verify.json (it crashed)" });
    expect(posted(record)).toEqual([
      {
        rule: "reverify_missing",
        critical: false,
        message: "The re-verification of attempt 1 did not complete: the verify job left no verify.json (it crashed)",
      },
    ]);
  });
});

describe("hallucination_check_missing", () => {
  test("a FIXED item with an empty hallucination_check is a finding; other statuses need none", () => {
    const findings = verify(
      input({
        result: result({
          items: [
            item({ id: "a", status: "FIXED", hallucination_check: "  " }),
            item({ id: "b", status: "NO_CHANGE_NEEDED", hallucination_check: "" }),
          ],
        }),
      }),
    );
    expect(findings.filter((f) => f.rule === "hallucination_check_missing")).toEqual([
      {
        rule: "hallucination_check_missing",
        critical: false,
        message:
          'Item "a" is FIXED but its hallucination_check is empty: give a command that exits 0 only if the change really exists (e.g. a grep for the new code).',
      },
    ]);
  });
});
