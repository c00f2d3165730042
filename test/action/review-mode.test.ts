import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { decodeMarker, encodeMarker } from "../../src/protocol/marker.js";
import { Result } from "../../src/protocol/result.js";
import { ReviewReport } from "../../src/protocol/review.js";
import { checkGitHubRequest } from "../helpers/openapi.js";
import { runBundleWork, runPublish } from "./support/bundle-jobs.js";
import { type FakeApi, startFakeApi } from "./support/fake-api-server.js";
import { BOT, NONCE, pullRequest, testBrief } from "./support/fixtures.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";
import { endTurn, toolCall } from "./support/transcript.js";

// The work job runs from the committed bundle as a child process, publish in process on a fresh clone.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const AUTHOR_HELLO = 'export function greet(name) {\n  return "Hello, " + name + "!";\n}\n';
let repo: TestRepo;
let api: FakeApi | undefined;
let head: string;
let base: string;
beforeEach(() => {
  repo = createTestRepo();
  // The author attempt's work, pushed: the head under review.
  writeFileSync(path.join(repo.workspace, "src/greet.js"), AUTHOR_HELLO);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=a", "-c", "user.email=a@b", ...args], {
      cwd: repo.workspace,
      encoding: "utf8",
    }).trim();
  git("commit", "-qam", "author attempt 1");
  git("push", "-q", "origin", repo.branch);
  head = git("rev-parse", "HEAD");
  base = git("rev-parse", "main");
});
afterEach(async () => {
  await api?.close();
  repo.cleanup();
});

/** The review brief: attempt 2 with its own nonce, reviewing attempt 1's head and result comment 501. */
const reviewBrief = () =>
  testBrief({
    attempt: 2,
    nonce: `${NONCE}-r2`,
    mode: "review",
    review: { head_sha: head, author_attempt: 1, result_comment_id: 501 },
  });

/** Attempt 1's result comment, as the app's bot posted it. */
function authorComment() {
  const result: Result = {
    version: 1,
    task: 7,
    module: "greet",
    attempt: 1,
    nonce: NONCE,
    head_sha: head,
    status: "done",
    items: [
      {
        id: "work",
        status: "FIXED",
        changes_made: [{ file: "src/greet.js", change: "says Hello" }],
        problems_encountered: [],
        solution: "changed the greeting",
        verification_command: "grep -q 'Hello, ' src/greet.js",
        hallucination_check: "grep -q 'Hello, ' src/greet.js",
        harness: { verification: null, hallucination_check: null },
      },
    ],
    test: { command: "node test/greet.test.js", exit_code: 0, output_tail: "ok", timed_out: false },
    usage: { input_tokens: 1, output_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0, usd: 0.1 },
    turns: 3,
    duration_ms: 1000,
    stop_reason: "finished",
  };
  return { id: 501, body: `Result\n\n${encodeMarker("result", result)}`, user: BOT };
}

async function start(messages: Record<string, unknown>[]) {
  const brief = reviewBrief();
  api = await startFakeApi({
    pullRequest: { ...pullRequest(brief, head, repo.branch), base: { ref: "conductor/7/integration", sha: base } },
    comment: authorComment(),
    authorReviews: true,
    messages,
    checkGitHub: checkGitHubRequest,
  });
  return { brief, api };
}

const envFor = (brief: { attempt: number; nonce: string }) => ({
  INPUT_ATTEMPT: String(brief.attempt),
  INPUT_NONCE: brief.nonce,
});
const reviewPosts = (fake: FakeApi) => fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/reviews"));

describe("executor mode review (docs/ai-review.md)", () => {
  test("the reviewer reads the diff with read-only tools and the publish job posts a real PR review", async () => {
    const { brief, api } = await start([
      toolCall("read_file", { path: "src/greet.js" }),
      // A line outside the diff is refused with the reason, so the model moves it to the summary.
      toolCall("submit_review", {
        verdict: "request_changes",
        summary: "Greeting lacks a test for empty names.",
        comments: [{ path: "README.md", line: 1, body: "not in the diff" }],
      }),
      toolCall("submit_review", {
        verdict: "request_changes",
        summary: "Greeting lacks a test for empty names.",
        comments: [{ path: "src/greet.js", line: 2, body: "What about an empty name?" }],
      }),
      endTurn("unused"),
    ]);
    const work = await runBundleWork(repo, api, envFor(brief));
    expect(work.code).toBe(0);
    // The model was offered no tool that writes or runs anything.
    const tools = (api.messages.seen[0]?.body.tools as { name: string }[] | undefined)?.map((t) => t.name);
    expect(tools).toEqual(["read_file", "list_files", "search", "submit_review"]);
    const prompt = JSON.stringify(api.messages.seen[0]?.body.messages[0]);
    expect(prompt).toContain('+  return \\"Hello, \\" + name + \\"!\\";');
    expect(prompt).toContain("changed the greeting");
    const refused = JSON.stringify(api.messages.seen[2]?.body.messages.at(-1));
    expect(refused).toContain("not in the diff: README.md:1");

    await runPublish(repo, api, work.artifactDir, envFor(brief));
    expect(api.problems).toEqual([]);
    const posts = reviewPosts(api);
    // GitHub refuses a verdict on the app's own PR; the same review then goes as a comment.
    expect(posts.map((p) => (p.body as { event: string }).event)).toEqual(["REQUEST_CHANGES", "COMMENT"]);
    const posted = posts[1]?.body as { commit_id: string; body: string; comments: unknown[] };
    expect(posted.commit_id).toBe(head);
    expect(posted.comments).toEqual([
      { path: "src/greet.js", line: 2, side: "RIGHT", body: "What about an empty name?" },
    ]);
    const report = decodeMarker("review", posted.body, ReviewReport);
    expect(report.ok && report.value).toMatchObject({
      attempt: 2,
      nonce: `${NONCE}-r2`,
      head_sha: head,
      verdict: "request_changes",
      turns: 3,
      usage: { usd: expect.any(Number) },
    });
    // Nothing was pushed and no result comment was posted.
    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(head);
    expect(api.requests.filter((r) => r.path.includes("/issues/12/comments"))).toEqual([]);
  });

  test("a review attempt that tries to edit is refused: no review, no push, a failed result says why", async () => {
    const { brief, api } = await start([
      toolCall("submit_review", { verdict: "approve", summary: "Looks right." }),
      endTurn("unused"),
    ]);
    const work = await runBundleWork(repo, api, envFor(brief));
    expect(work.code).toBe(0);
    // What a work job that edited would leave: a commit in the artifact and a bundle beside it.
    const file = path.join(work.artifactDir, "work.json");
    const artifact = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...artifact, commit: "f".repeat(40) }));
    writeFileSync(path.join(work.artifactDir, "work.bundle"), "not a real bundle");

    await runPublish(repo, api, work.artifactDir, envFor(brief));
    expect(reviewPosts(api)).toEqual([]);
    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(head);
    const comment = api.requests.find((r) => r.method === "POST" && r.path.endsWith("/issues/12/comments"));
    const result = decodeMarker("result", (comment?.body as { body: string } | undefined)?.body ?? "", Result);
    expect(result.ok && result.value).toMatchObject({
      attempt: 2,
      status: "failed",
      error: expect.stringContaining("a review attempt that tries to edit: it produced a commit (ffff"),
    });
  });
});
