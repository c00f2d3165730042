import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { messageSse } from "../../sandbox/world/message-sse.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import {
  fakeGitHub,
  postedComment,
  postedResult,
  scriptAnthropic,
  sentMessages,
  toolResults,
} from "./support/fake-github.js";
import { actionEnv, testBrief } from "./support/fixtures.js";
import { runJobs } from "./support/run-jobs.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";
import { editGreet, finishFixed, toolCall } from "./support/transcript.js";

// Each test plays both jobs (work, then publish on a fresh clone): tens of seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const http = setupStrictHttp();
let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.cleanup());

describe("no sandbox, no commands", () => {
  test("when no sandbox can be built the model is not started and the result says why and what to do", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo, { ready: false });
    // As on a runner that is neither root nor allowed sudo (the strict mock has no Anthropic reply).
    await runJobs(repo, actionEnv(repo.workspace), (deps) => {
      deps.setupSandbox = async () => ({
        ok: false,
        reason: "the executor runs as uid 1001, not root, and `sudo -n true` failed",
      });
    });

    const result = postedResult(http);
    expect(result).toMatchObject({ status: "failed", stop_reason: "error", turns: 0, head_sha: repo.headSha });
    expect(result.error).toContain("no command sandbox could be set up, so no command was run");
    expect(result.error).toContain("uid 1001");
    expect(result.error).toContain("executor.sandbox: off (unsafe");
    expect(result.test).toBeNull();
  });

  test("executor.sandbox: off runs commands as the executor, and the comment says it was unsafe", async () => {
    const brief = testBrief({ sandbox: "off" });
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [toolCall("run_command", { command: "id -u" }), editGreet(), finishFixed()]);
    await runJobs(repo, actionEnv(repo.workspace));

    expect(toolResults(sentMessages(http)[1])[0]?.text).toBe(`exit code 0\n${process.getuid?.()}\n`);
    expect(postedComment(http)).toContain("Unsafe: commands run unsandboxed as the executor's own user");
    expect(postedResult(http).status).toBe("done");
  });

  test("by default a command runs as another user", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [toolCall("run_command", { command: "id -u" }), editGreet(), finishFixed()]);
    await runJobs(repo, actionEnv(repo.workspace));

    expect(toolResults(sentMessages(http)[1])[0]?.text).toBe("exit code 0\n65534\n");
    expect(postedComment(http)).not.toContain("Unsafe");
  });
});

describe("the work is pushed whatever stopped the model", () => {
  test("a timeout stop: the edit made before it is pushed", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    let offset = 0;
    const anthropic = http.anthropic();
    anthropic
      .post("/v1/messages")
      .query(true)
      .reply(200, messageSse(editGreet()), { "content-type": "text/event-stream" });
    // The second reply arrives past the job's timeout (10 minutes, less the harness's reserve).
    anthropic
      .post("/v1/messages")
      .query(true)
      .reply(() => {
        offset = 9 * 60_000;
        return [200, messageSse(toolCall("list_files", {})), { "content-type": "text/event-stream" }];
      });
    await runJobs(repo, actionEnv(repo.workspace, { "INPUT_TIMEOUT-MINUTES": "10" }), (deps) => {
      deps.clock = { now: () => Date.now() + offset };
    });

    const result = postedResult(http);
    expect(result.stop_reason).toBe("timeout");
    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(head).not.toBe(repo.headSha);
    expect(result.head_sha).toBe(head);
    expect(repo.remoteGit("show", `${head}:src/greet.js`)).toContain('"Hello, " + name + "!"');
  });

  test("an error stop (the API refuses the request): the edit made before it is pushed", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo, { ready: false });
    const anthropic = http.anthropic();
    anthropic
      .post("/v1/messages")
      .query(true)
      .reply(200, messageSse(editGreet()), { "content-type": "text/event-stream" });
    anthropic
      .post("/v1/messages")
      .query(true)
      .reply(400, {
        type: "error",
        error: {
          type: "invalid_request_error",
          message: "max_tokens: 64000 > 32000, which is the maximum allowed for this model",
        },
      });
    await runJobs(repo, actionEnv(repo.workspace));

    const result = postedResult(http);
    expect(result).toMatchObject({ stop_reason: "error", status: "failed" });
    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(head).not.toBe(repo.headSha);
    expect(result.head_sha).toBe(head);
    expect(repo.remoteGit("show", `${head}:src/greet.js`)).toContain('"Hello, " + name + "!"');
  });
});

describe("the harness tests the tree that is pushed", () => {
  test("a test file emptied by a command outside the paths is reverted before the test command runs", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [
      // The model does not fix greet(); it makes the test pass by gutting it (test/ is outside src/**).
      toolCall("run_command", {
        command: "echo 'console.log(\"ok\")' > test/greet.test.js && node test/greet.test.js",
      }),
      finishFixed(),
    ]);
    await runJobs(repo, actionEnv(repo.workspace));

    const result = postedResult(http);
    expect(toolResults(sentMessages(http)[1])[0]?.text).toBe("exit code 0\nok\n");
    expect(result.test).toMatchObject({ command: "node test/greet.test.js", exit_code: 1 });
    expect(result.status).toBe("failed");
    expect(postedComment(http)).toContain("Reverted changes this module may not make");
    expect(postedComment(http)).toContain("test/greet.test.js");
    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(repo.headSha);
  });
});
