import { describe, expect, test } from "vitest";
import { resultFeedback } from "../../src/core/failure-feedback.js";
import { quoteTail, resultReason } from "../../src/core/result-reason.js";
import type { CommandRun, ItemResult, Result } from "../../src/protocol/result.js";

const run = (command: string, exit_code: number, output_tail: string, timed_out = false): CommandRun => ({
  command,
  exit_code,
  output_tail,
  timed_out,
});

function item(id: string, over: Partial<ItemResult> = {}): ItemResult {
  return {
    id,
    status: "FIXED",
    changes_made: [],
    problems_encountered: [],
    solution: "",
    verification_command: "true",
    hallucination_check: "true",
    harness: { verification: run("true", 0, ""), hallucination_check: run("true", 0, "") },
    ...over,
  };
}

function result(over: Partial<Result> = {}): Result {
  return {
    version: 1,
    task: 1,
    module: "p1-api",
    attempt: 1,
    nonce: "n1",
    head_sha: "a".repeat(40),
    status: "failed",
    items: [item("work")],
    test: run("npm test", 0, "ok"),
    usage: { input_tokens: 10, output_tokens: 5, cache_read_tokens: 0, cache_write_tokens: 0, usd: 0.01 },
    turns: 3,
    duration_ms: 1000,
    stop_reason: "finished",
    ...over,
  };
}

describe("resultReason: what a maintainer reads when an attempt did not succeed", () => {
  test("a failed test command: the command, its exit code and the end of its output", () => {
    const output = `${"noise\n".repeat(50)}FAIL test/api.test.js\nAssertionError: expected 2 to be 3\n`;
    const reason = resultReason(result({ test: run("npm test", 1, output) }));
    expect(reason).toMatch(
      /^the test command `npm test` exited 1: noise ⏎ .* ⏎ FAIL test\/api.test.js ⏎ AssertionError: expected 2 to be 3$/,
    );
    expect(reason.length).toBeLessThan(300);
    expect(resultReason(result({ test: run("make check", 124, "", true) }))).toBe(
      "the test command `make check` timed out with no output",
    );
  });

  test("else the first failing verification or hallucination check, named by its item", () => {
    const failing = item("fix-1", {
      harness: { verification: run("grep -n KEY schema.sql", 1, "grep: no match"), hallucination_check: null },
    });
    expect(resultReason(result({ items: [item("work"), failing] }))).toBe(
      "fix-1's verification command `grep -n KEY schema.sql` exited 1: grep: no match",
    );
    const check = item("fix-2", {
      harness: { verification: null, hallucination_check: run("test -f src/x.ts", 1, "") },
    });
    expect(resultReason(result({ items: [check] }))).toBe(
      "fix-2's hallucination check `test -f src/x.ts` exited 1 with no output",
    );
  });

  test("else the items not done in the model's words, or how the executor stopped — never a bare status", () => {
    const undone = item("work", { status: "PARTIALLY_FIXED", problems_encountered: ["the API has no pagination"] });
    expect(resultReason(result({ status: "incomplete", stop_reason: "budget", items: [undone] }))).toBe(
      "the executor ran out of its budget with items not done: work PARTIALLY_FIXED (the API has no pagination)",
    );
    expect(resultReason(result({ stop_reason: "error", error: "git push: rejected" }))).toBe(
      "the executor failed: git push: rejected",
    );
    expect(resultReason(result({ status: "incomplete" }))).toBe(
      "the executor finished and reported the work incomplete",
    );
    const reason = resultFeedback(2, result({ test: run("npm test", 2, "boom") })).reason;
    expect(reason).not.toMatch(/stopped with/);
    expect(reason).toBe("the test command `npm test` exited 2: boom");
  });

  test("quoteTail keeps the last lines within 240 characters and cuts one long line from the front", () => {
    expect(quoteTail("a\n\n  b  \nc\n")).toBe("a ⏎ b ⏎ c");
    const long = quoteTail(`start ${"x".repeat(400)} end`);
    expect(long.length).toBe(240);
    expect(long.startsWith("…")).toBe(true);
    expect(long.endsWith("x end")).toBe(true);
  });
});
