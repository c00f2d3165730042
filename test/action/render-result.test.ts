import { describe, expect, test } from "vitest";
import { MAX_COMMENT, renderResultComment } from "../../action/src/render-result.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import { Result } from "../../src/protocol/result.js";

const run = (command: string, exit: number) => ({
  command,
  exit_code: exit,
  output_tail: `${"x".repeat(3990)}\nboom`,
  timed_out: false,
});
const result: Result = {
  version: 1,
  task: 7,
  module: "m",
  attempt: 1,
  nonce: "n0nce-abc123",
  head_sha: "a".repeat(40),
  status: "failed",
  items: Array.from({ length: 8 }, (_, i) => ({
    id: `fix-${i}`,
    status: "FIXED" as const,
    changes_made: [{ file: `src/${i}.ts`, change: "x | y" }],
    problems_encountered: [],
    solution: "s",
    verification_command: "v",
    hallucination_check: "h",
    harness: { verification: run(`verify ${i}`, 1), hallucination_check: run(`check ${i}`, 0) },
  })),
  test: run("npm test", 1),
  usage: { input_tokens: 1, output_tokens: 2, cache_read_tokens: 3, cache_write_tokens: 4, usd: 0.5 },
  turns: 3,
  duration_ms: 1234,
  stop_reason: "finished",
};

describe("the result comment", () => {
  test("fits GitHub's comment limit by shortening output tails, and still carries a valid Result", () => {
    const { body, result: posted } = renderResultComment(result);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT);
    const read = decodeMarker("result", body, Result);
    expect(read.ok && read.value).toEqual(posted);
    expect(posted.test?.output_tail.endsWith("boom")).toBe(true);
    expect(posted.test?.output_tail.length).toBeLessThan(4000);
  });

  test("is readable: verdict, the model-vs-harness warning, escaped table cells, exit codes", () => {
    const { body } = renderResultComment(result, ["Reverted changes: x."]);
    expect(body).toContain("### ❌ Conductor executor: m, attempt 1 — failed");
    expect(body).toContain("> ⚠️ The model reported items done, but the harness saw 9 command(s) fail.");
    expect(body).toContain("> Reverted changes: x.");
    expect(body).toContain("| `fix-0` | FIXED | `src/0.ts` | — |");
    expect(body).toContain("| `npm test` | 1 |");
  });
});

describe("what the comment shows from the transcript", () => {
  const digest = {
    engine: "builtin",
    model: "claude-sonnet-4-6",
    instructions: ["AGENTS.md"],
    lastCalls: [
      { name: "read_file", summary: "src/a.ts", isError: false },
      { name: "run_command", summary: "npm test @octocat <b>", isError: false },
    ],
    failingCommand: { command: "npm test", status: "exit code 1", tail: `${"y".repeat(5000)}\nFAIL a.test` },
  };

  test("a failed attempt: engine, model, instructions, the run's artifacts, its last calls and failing output", () => {
    const { body } = renderResultComment(result, [], { digest, runUrl: "https://github.com/o/r/actions/runs/9" });
    expect(body).toContain("Engine `builtin` · model `claude-sonnet-4-6` · repository instructions: `AGENTS.md`");
    expect(body).toContain("[Transcript and logs](https://github.com/o/r/actions/runs/9#artifacts)");
    expect(body).toContain("- `run_command` <code>npm test @octocat &lt;b&gt;</code>");
    expect(body).toContain("Last failing command the model ran: <code>npm test</code> (exit code 1)");
    expect(body).toContain("FAIL a.test");
  });

  test("the engine that did the work, not always builtin", () => {
    const { body } = renderResultComment(result, [], { digest: { ...digest, engine: "claude-code" } });
    expect(body).toContain("Engine `claude-code` · model `claude-sonnet-4-6` · repository instructions: `AGENTS.md`");
  });

  test("a done attempt shows no trail; a comment that must shrink drops the failing output first", () => {
    const done = { ...result, status: "done" as const, test: null, items: [] };
    expect(renderResultComment(done, [], { digest }).body).not.toContain("Last tool calls");
    const huge = { ...digest, failingCommand: { ...digest.failingCommand, tail: "z".repeat(70_000) } };
    const { body } = renderResultComment(result, [], { digest: huge });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(body).toContain("Last tool calls");
  });
});
