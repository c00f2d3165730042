import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { decodeMarker } from "../../src/protocol/marker.js";
import { Result } from "../../src/protocol/result.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { fakeGitHub, postedComment, scriptAnthropic, sentMessages, toolResults } from "./support/fake-github.js";
import { actionEnv, NONCE, pullRequest, testBrief } from "./support/fixtures.js";
import { runJobs } from "./support/run-jobs.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";
import { editGreet, finishFixed, toolCall } from "./support/transcript.js";

// Each test plays both jobs (work, then publish on a fresh clone) with sandboxed commands: tens of
// seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const http = setupStrictHttp();
let repo: TestRepo;
let outside: string;
beforeEach(() => {
  repo = createTestRepo();
  outside = mkdtempSync(path.join(tmpdir(), "conductor-outside-"));
});
afterEach(() => {
  repo.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

describe("run(deps) refuses what the module may not touch", () => {
  test("paths outside the workspace, through a symlink, outside the module's paths, or protected", async () => {
    // A directory link inside the module's paths that leads out of the checkout (kept out of git).
    symlinkSync(outside, path.join(repo.workspace, "src", "escape"));
    writeFileSync(path.join(repo.workspace, ".git", "info", "exclude"), "src/escape\n");
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [
      toolCall("write_file", { path: "../outside.txt", content: "x" }),
      toolCall("write_file", { path: "src/escape/pwned.txt", content: "x" }),
      toolCall("read_file", { path: "/etc/passwd" }),
      toolCall("write_file", { path: ".github/workflows/evil.yml", content: "on: push" }),
      toolCall("edit_file", { path: "README.md", old_string: "# greet", new_string: "# pwned" }),
      toolCall("read_file", { path: ".git/config" }),
      // A command can still write anywhere; the harness puts such changes back before committing.
      toolCall("run_command", { command: "echo 'on: pull_request' > .github/workflows/ci.yml && echo hi > notes.txt" }),
      editGreet(),
      finishFixed(),
    ]);
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    const results = sentMessages(http)
      .slice(1, 7)
      .map((body) => toolResults(body)[0]);
    expect(results.every((r) => r?.isError)).toBe(true);
    expect(results.map((r) => r?.text)).toEqual([
      expect.stringContaining("../outside.txt is outside the repository checkout"),
      expect.stringContaining("src/escape/pwned.txt leads outside the repository checkout through a symbolic link"),
      expect.stringContaining("/etc/passwd is outside the repository checkout"),
      expect.stringContaining(".github/workflows/evil.yml is protected"),
      expect.stringContaining("README.md is outside this module's paths (src/**)"),
      expect.stringContaining(".git/config is inside .git"),
    ]);
    expect(existsSync(path.join(repo.root, "outside.txt"))).toBe(false);
    expect(existsSync(path.join(outside, "pwned.txt"))).toBe(false);
    // What got pushed: the allowed edit only; the command's writes were reverted and reported.
    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(repo.remoteGit("diff", "--name-only", repo.headSha, head)).toBe("src/greet.js");
    expect(repo.git("status", "--porcelain")).toBe("");
    const comment = postedComment(http);
    expect(comment).toContain("Reverted changes this module may not make");
    expect(comment).toContain(".github/workflows/ci.yml");
    const read = decodeMarker("result", comment, Result);
    expect(read.ok && read.value.status).toBe("done");
    expect(recorded.failed).toBeNull();
  });
});

describe("run(deps) refuses a brief that is not this dispatch's", () => {
  test("a nonce mismatch: no model call, no comment, a clear error", async () => {
    const brief = testBrief({ nonce: "stale-nonce-999" });
    fakeGitHub(http, brief, repo, { ready: false, comment: false });
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    // The strict mock declares no Anthropic reply: any model call would have failed this test.
    expect(recorded.failed).toContain("refusing to work on PR #12");
    expect(recorded.failed).toContain(`the brief's nonce is stale-nonce-999 but this run was dispatched with ${NONCE}`);
    expect(recorded.outputs.status).toBe("refused");
    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(repo.headSha);
  });

  test("no Anthropic key for an engine that needs one: refused, no model call, a clear error", async () => {
    const brief = testBrief({ engine: "claude-code" });
    fakeGitHub(http, brief, repo, { ready: false });
    const { work } = await runJobs(repo, actionEnv(repo.workspace, { "INPUT_ANTHROPIC-API-KEY": "" }));

    // The strict mock declares no Anthropic reply: any model call would have failed this test.
    expect(work.failed).toContain(
      'input "anthropic-api-key" is required in mode work with executor.engine: claude-code',
    );
    expect(work.outputs.status).toBe("refused");
    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(repo.headSha);
  });

  test("every mismatch and PR problem is reported at once", async () => {
    const brief = testBrief({ task: 8, attempt: 2 });
    fakeGitHub(http, brief, repo, { ready: false, comment: false });
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    expect(recorded.failed).toContain("the brief's task is 8 but this run was dispatched with 7");
    expect(recorded.failed).toContain("the brief's attempt is 2 but this run was dispatched with 1");
  });

  test("a PR that does not exist is refused with advice", async () => {
    // Both jobs ask, and both refuse.
    http.github().get("/repos/octo/greet/pulls/12").times(2).reply(404, { message: "Not Found" });
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    expect(recorded.failed).toContain("PR #12 was not found in octo/greet");
    expect(recorded.outputs.status).toBe("refused");
  });

  test("invalid inputs are all reported at once, before any request", async () => {
    const env = actionEnv(repo.workspace, { INPUT_TASK: "seven", INPUT_NONCE: "bad nonce!", "INPUT_GITHUB-TOKEN": "" });
    const { recorded } = await runJobs(repo, { ...env, GITHUB_REPOSITORY: "not-a-repo" });

    expect(recorded.failed).toContain("the action's inputs are invalid");
    for (const problem of [
      'input "github-token"',
      'input "task"',
      'input "nonce"',
      "GITHUB_REPOSITORY must be owner/name",
    ]) {
      expect(recorded.failed).toContain(problem);
    }
    expect(http.requests).toHaveLength(0);
  });

  test("a crash after the brief is read still posts a result: stop reason error, zero usage", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo, { ready: false });
    const env = actionEnv(repo.workspace, { "INPUT_WORKING-DIRECTORY": "no-such-dir" });
    const { recorded } = await runJobs(repo, env);

    const read = decodeMarker("result", postedComment(http), Result);
    expect(read.ok ? read.value : undefined).toMatchObject({
      status: "failed",
      stop_reason: "error",
      turns: 0,
      usage: { input_tokens: 0, output_tokens: 0, usd: 0 },
      head_sha: repo.headSha,
    });
    expect(read.ok && read.value.error).toContain("the executor crashed");
    expect(recorded.outputs.status).toBe("failed");
    expect(recorded.failed).toContain("the attempt is failed (error)");
  });
});

describe("run(deps) when GitHub trips on the way out", () => {
  test("a failed ready-for-review still posts the result", async () => {
    const brief = testBrief();
    const github = http.github();
    github
      .get("/repos/octo/greet/pulls/12")
      .times(2)
      .reply(200, pullRequest(brief, repo.headSha, repo.branch));
    github.post("/graphql").reply(200, { errors: [{ message: "Pull request is not a draft" }] });
    github.post("/repos/octo/greet/issues/12/comments").reply(201, { id: 1, html_url: "https://github.com/x" });
    scriptAnthropic(http, [editGreet(), finishFixed()]);
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    expect(recorded.logs.join("\n")).toContain("could not mark the PR ready for review");
    expect(recorded.outputs.status).toBe("done");
    expect(recorded.failed).toBeNull();
  });
});
