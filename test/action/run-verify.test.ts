/**
 * The verify and verify-report modes (docs/executor.md#the-verify-job) through `run(deps)`: a fresh
 * clone of a real git repository at the result's SHA, the REAL command sandbox (these tests run as root),
 * the GitHub API on the strict mock. The verify job re-runs what the result claims and records what it
 * saw, whatever the claim; the report job posts that record as the App.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { run } from "../../action/src/run.js";
import { encodeMarker } from "../../src/protocol/marker.js";
import { RESULT_VERSION, type Result } from "../../src/protocol/result.js";
import { Reverification } from "../../src/protocol/reverify.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { postedComment } from "./support/fake-github.js";
import { actionEnv, BOT, NONCE, OWNER, PR_NUMBER, pullRequest, REPO, testBrief } from "./support/fixtures.js";
import { testDeps } from "./support/test-deps.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const http = setupStrictHttp();
let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.cleanup());

const PR_PATH = `/repos/${OWNER}/${REPO}/pulls/${PR_NUMBER}`;
const COMMENTS_PATH = `/repos/${OWNER}/${REPO}/issues/${PR_NUMBER}/comments`;
const run0 = (command: string, exit_code = 0) => ({ command, exit_code, output_tail: "", timed_out: false });

/**
 * A done result for the module branch's head as the test repository has it: greet() still says "Hi",
 * so the test command and the brief's verification really fail there — yet this result claims 0 for both.
 */
function falseResult(headSha: string): Result {
  return {
    version: RESULT_VERSION,
    task: 7,
    module: "greet",
    attempt: 1,
    nonce: NONCE,
    head_sha: headSha,
    status: "done",
    items: [
      {
        id: "work",
        status: "FIXED",
        changes_made: [{ file: "src/greet.js", change: "says Hello" }],
        problems_encountered: [],
        solution: "",
        verification_command: "grep -q 'Hello, ' src/greet.js",
        hallucination_check: "grep -q 'greet' src/greet.js",
        harness: {
          verification: run0("grep -q 'Hello, ' src/greet.js"),
          hallucination_check: run0("grep -q 'greet' src/greet.js"),
        },
      },
    ],
    test: run0("node test/greet.test.js"),
    usage: { input_tokens: 1, output_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0, usd: 0 },
    turns: 1,
    duration_ms: 1,
    stop_reason: "finished",
  };
}

/** A clone of the module branch in a fresh directory, checked out at `sha` (the template's checkout). */
function freshCheckout(sha: string): string {
  const checkout = path.join(repo.root, `verify-${sha.slice(0, 7)}`);
  execFileSync("git", ["clone", "-q", "--branch", repo.branch, repo.remote, checkout]);
  execFileSync("git", ["checkout", "-q", "--detach", sha], { cwd: checkout });
  return checkout;
}

function verifyEnv(workspace: string, artifact: string) {
  const { "INPUT_ANTHROPIC-API-KEY": _key, ...env } = actionEnv(workspace);
  return { ...env, INPUT_MODE: "verify", "INPUT_ARTIFACT-PATH": artifact };
}

/** The PR (with the brief) and its comments: the app's result, and a forged one by someone else. */
function fakePr(result: Result, forged?: Result) {
  const brief = testBrief();
  http
    .github()
    .get(PR_PATH)
    .reply(200, pullRequest(brief, repo.headSha, repo.branch));
  const comments = [
    { id: 1, user: { login: "mallory", type: "User" }, body: forged ? encodeMarker("result", forged) : "lgtm" },
    { id: 2, user: BOT, body: `### Result\n${encodeMarker("result", result)}` },
  ];
  http.github().get(COMMENTS_PATH).query(true).reply(200, comments);
}

const readRecord = (artifact: string) =>
  Reverification.parse(JSON.parse(readFileSync(path.join(artifact, "verify.json"), "utf8")));

describe("mode verify", () => {
  test("re-runs the result's commands on the fresh checkout in the sandbox and records the real exit codes", async () => {
    const result = falseResult(repo.headSha);
    // Someone else's comment claims commands that would all pass; only the app's result is re-run.
    const forged = { ...falseResult(repo.headSha), test: run0("true") };
    fakePr(result, forged);
    const checkout = freshCheckout(repo.headSha);
    const artifact = path.join(repo.root, "verify-artifact");
    const { deps, recorded } = testDeps(checkout, verifyEnv(checkout, artifact));
    await run(deps);

    const record = readRecord(artifact);
    expect(record).toMatchObject({ task: 7, module: "greet", attempt: 1, nonce: NONCE, head_sha: repo.headSha });
    expect(record.error).toBeUndefined();
    expect(record.test).toMatchObject({ command: "node test/greet.test.js", exit_code: 1, timed_out: false });
    expect(record.test?.output_tail).toContain("expected Hello, world! but got Hi world");
    expect(record.items).toEqual([
      {
        id: "work",
        verification: expect.objectContaining({ command: "grep -q 'Hello, ' src/greet.js", exit_code: 1 }),
        hallucination_check: expect.objectContaining({ command: "grep -q 'greet' src/greet.js", exit_code: 0 }),
      },
    ]);
    // The same command sandbox as the work job: another uid in fresh namespaces.
    expect(record.sandbox).toMatch(/uid 65534 in fresh PID and mount namespaces/);
    expect(recorded.outputs.status).toBe("failed");
    expect(recorded.failed).toMatch(
      /disagrees with the result: test command: claimed 0, observed 1; work verification/,
    );
  });

  test("a checkout at another SHA than the result's runs nothing and says so", async () => {
    fakePr(falseResult(repo.headSha));
    const checkout = freshCheckout(repo.headSha);
    // A checkout that is not the pushed SHA (a template whose checkout step lost its `ref:`).
    writeFileSync(path.join(checkout, "README.md"), "# moved on\n");
    const id = ["-c", "user.name=x", "-c", "user.email=x@x", "-c", "commit.gpgsign=false"];
    execFileSync("git", [...id, "commit", "-q", "-am", "another head"], { cwd: checkout });
    const other = execFileSync("git", ["rev-parse", "HEAD"], { cwd: checkout, encoding: "utf8" }).trim();
    const artifact = path.join(repo.root, "verify-artifact");
    const { deps, recorded } = testDeps(checkout, verifyEnv(checkout, artifact));
    await run(deps);
    const record = readRecord(artifact);
    expect(record.head_sha).toBe(other);
    expect(record.test).toBeNull();
    expect(record.items).toEqual([]);
    expect(record.error).toMatch(/the checkout is at .* not at the result's/);
    expect(recorded.failed).toMatch(/did not complete/);
  });

  test("refuses the Anthropic key: the verify job never holds it", async () => {
    const checkout = freshCheckout(repo.headSha);
    const { deps, recorded } = testDeps(checkout, { ...actionEnv(checkout), INPUT_MODE: "verify" });
    await run(deps);
    expect(recorded.failed).toMatch(/"anthropic-api-key" must not be given in mode verify/);
  });
});

describe("mode verify-report", () => {
  const brief = testBrief();
  const reportEnv = (artifact: string) => {
    const { "INPUT_ANTHROPIC-API-KEY": _key, ...env } = actionEnv(repo.root);
    return { ...env, INPUT_MODE: "verify-report", "INPUT_ARTIFACT-PATH": artifact };
  };
  const commented = () => {
    http
      .github()
      .get(PR_PATH)
      .reply(200, pullRequest(brief, repo.headSha, repo.branch));
    http.github().post(COMMENTS_PATH).reply(201, { id: 5, html_url: "https://github.com/octo/greet/pull/12#c5" });
  };
  const posted = () => {
    const body = postedComment(http);
    const match = /<!-- conductor:reverify ([A-Za-z0-9+/=]+) -->/.exec(body);
    return { body, record: Reverification.parse(JSON.parse(Buffer.from(match?.[1] ?? "", "base64").toString())) };
  };

  test("posts the verify job's record in a hidden marker, with a readable table", async () => {
    const artifact = path.join(repo.root, "verify-artifact");
    mkdirSync(artifact);
    const record: Reverification = {
      version: 1,
      task: 7,
      module: "greet",
      attempt: 1,
      nonce: NONCE,
      head_sha: repo.headSha,
      test: { command: "node test/greet.test.js", exit_code: 1, output_tail: "expected Hello", timed_out: false },
      items: [{ id: "work", verification: run0("grep -q x f", 1), hallucination_check: null }],
      sandbox: "commands run as uid 65534",
    };
    writeFileSync(path.join(artifact, "verify.json"), JSON.stringify(record));
    commented();
    const { deps, recorded } = testDeps(repo.root, reportEnv(artifact));
    await run(deps);
    const { body, record: sent } = posted();
    expect(sent).toEqual(record);
    expect(body).toContain("| test command: `node test/greet.test.js` | 1 |");
    expect(body).toContain("expected Hello");
    expect(recorded.failed).toBeNull();
  });

  test("a verify job that left nothing gets a record that says so, at once", async () => {
    commented();
    const { deps } = testDeps(repo.root, reportEnv(path.join(repo.root, "nothing-here")));
    await run(deps);
    const { record } = posted();
    expect(record).toMatchObject({ attempt: 1, nonce: NONCE, head_sha: repo.headSha, test: null, items: [] });
    expect(record.error).toMatch(/the verify job left no verify.json/);
  });
});
