import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { messageSse } from "../../sandbox/world/message-sse.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { fakeGitHub, postedComment, postedResult, scriptAnthropic, sentMessages } from "./support/fake-github.js";
import { actionEnv, testBrief } from "./support/fixtures.js";
import { runJobs } from "./support/run-jobs.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";
import { finishFixed, toolCall, USAGE } from "./support/transcript.js";

// Each test plays both jobs (work, then publish on a fresh clone) with sandboxed commands: tens of
// seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const http = setupStrictHttp();
let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.cleanup());

describe("run(deps) when the budget runs out", () => {
  test("the work so far is pushed and the result says budget, with what is left undone", async () => {
    const brief = testBrief({ budget: { turns: 2, tokens: 1_000_000, usd: 5, minutes: 30 } });
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [
      toolCall("write_file", {
        path: "src/greet.js",
        content: 'export function greet(name) {\n  return "Hello";\n}\n',
      }),
      toolCall("write_file", { path: "src/half-done.js", content: "export const step = 1;\n" }),
    ]);
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    expect(sentMessages(http)).toHaveLength(2);
    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(head).not.toBe(repo.headSha);
    expect(repo.remoteGit("diff", "--name-only", repo.headSha, head).split("\n")).toEqual([
      "src/greet.js",
      "src/half-done.js",
    ]);
    const result = postedResult(http);
    expect(result).toMatchObject({ status: "incomplete", stop_reason: "budget", head_sha: head, turns: 2 });
    expect(result.error).toBe("turns 2/2; not done: work");
    expect(result.items[0]).toMatchObject({ id: "work", status: "FAILED" });
    // The harness still ran the test command on the work so far.
    expect(result.test).toMatchObject({ exit_code: 1 });
    expect(recorded.outputs.status).toBe("incomplete");
    expect(recorded.failed).toContain("the attempt is incomplete (budget)");
  });

  test("the USD budget counts cache reads and writes at their prices", async () => {
    const write = {
      input_tokens: 10_000,
      output_tokens: 2_000,
      cache_creation_input_tokens: 100_000,
      cache_read_input_tokens: 0,
    };
    const read = {
      input_tokens: 10_000,
      output_tokens: 2_000,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 100_000,
    };
    const brief = testBrief({ budget: { turns: 20, tokens: 10_000_000, usd: 0.5, minutes: 30 } });
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [toolCall("list_files", {}, write), toolCall("list_files", {}, read)]);
    await runJobs(repo, actionEnv(repo.workspace));

    const result = postedResult(http);
    // Sonnet ($3/M in, $15/M out, writes 1.25×, reads 0.1×): turn 1 = 0.03 + 0.375 + 0.03 = $0.435 < $0.50;
    // turn 2 adds 0.03 + 0.03 + 0.03, so $0.525 ≥ $0.50 stops the attempt.
    expect(result).toMatchObject({ stop_reason: "budget", turns: 2 });
    expect(result.usage).toMatchObject({ cache_write_tokens: 100_000, cache_read_tokens: 100_000 });
    expect(result.usage.usd).toBeCloseTo(0.525, 6);
    expect(result.error).toBe("USD 0.5250/0.5; not done: work");
  });
});

describe("run(deps) when the wall-clock budget runs out", () => {
  test("the clock is checked after every turn; the result says budget", async () => {
    const brief = testBrief({ budget: { turns: 20, tokens: 1_000_000, usd: 5, minutes: 30 } });
    fakeGitHub(http, brief, repo);
    let offset = 0;
    // The first reply arrives "31 minutes" into the attempt.
    http
      .anthropic()
      .post("/v1/messages")
      .query(true)
      .reply(() => {
        offset = 31 * 60_000;
        return [200, messageSse(toolCall("list_files", {})), { "content-type": "text/event-stream" }];
      });
    await runJobs(repo, actionEnv(repo.workspace), (deps) => {
      deps.clock = { now: () => Date.now() + offset };
    });

    const result = postedResult(http);
    expect(result).toMatchObject({ stop_reason: "budget", status: "incomplete", turns: 1 });
    expect(result.error).toBe("the wall-clock budget is spent; not done: work");
    expect(result.duration_ms).toBeGreaterThanOrEqual(31 * 60_000);
  });
});

describe("run(deps) trusts the harness over the model", () => {
  test("the model claims FIXED, the harness's test run fails: the result is failed and says why", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [finishFixed()]);
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    const result = postedResult(http);
    expect(result.status).toBe("failed");
    expect(result.stop_reason).toBe("finished");
    expect(result.items[0]?.status).toBe("FIXED");
    expect(result.test).toMatchObject({ command: "node test/greet.test.js", exit_code: 1, timed_out: false });
    expect(result.test?.output_tail).toContain("expected Hello, world! but got Hi world");
    expect(result.items[0]?.harness.verification?.exit_code).toBe(1);
    const comment = postedComment(http);
    expect(comment).toContain("The model reported items done, but the harness saw 3 command(s) fail.");
    expect(comment).toContain("expected Hello, world! but got Hi world");
    // Nothing changed, so nothing was pushed; the head is the PR's.
    expect(result.head_sha).toBe(repo.headSha);
    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(repo.headSha);
    expect(recorded.outputs.status).toBe("failed");
    expect(recorded.failed).toContain("the attempt is failed (finished)");
  });

  test("a model that stops without finish is nudged once, then its items are FAILED", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    const { endTurn } = await import("./support/transcript.js");
    scriptAnthropic(http, [endTurn("All done!"), endTurn("Really done.")]);
    await runJobs(repo, actionEnv(repo.workspace));

    const nudge = sentMessages(http)[1]?.messages.at(-1);
    expect(JSON.stringify(nudge)).toContain("You stopped without calling finish");
    expect(postedResult(http).items[0]).toMatchObject({
      status: "FAILED",
      problems_encountered: ["the model did not report on this item (it stopped without calling finish)"],
    });
  });
});

describe("run(deps) when the model API is overloaded", () => {
  test("the SDK retries, then the result is an infrastructure failure with the usage spent so far", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo, { ready: false });
    scriptAnthropic(http, [toolCall("read_file", { path: "src/greet.js" })]);
    const overloaded = { type: "error", error: { type: "overloaded_error", message: "Overloaded" } };
    const anthropic = http.anthropic();
    for (let i = 0; i < 3; i++) {
      anthropic.post("/v1/messages").query(true).reply(529, overloaded, { "retry-after-ms": "5" });
    }
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    // One good turn, then the first try and the SDK's two retries of the second.
    expect(sentMessages(http)).toHaveLength(4);
    const result = postedResult(http);
    expect(result).toMatchObject({ status: "failed", stop_reason: "error", turns: 1, test: null });
    expect(result.usage).toMatchObject({ input_tokens: USAGE.input_tokens, output_tokens: USAGE.output_tokens });
    expect(result.error).toContain("Overloaded");
    expect(recorded.outputs.status).toBe("failed");
    expect(recorded.failed).toContain("the attempt is failed (error)");
  });
});
