import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { WorkArtifact } from "../../action/src/artifact.js";
import { buildResult } from "../../action/src/build-result.js";
import { run } from "../../action/src/run.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import { Result } from "../../src/protocol/result.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { fakeGitHub, postedComment } from "./support/fake-github.js";
import { actionEnv, testBrief } from "./support/fixtures.js";
import { testDeps } from "./support/test-deps.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const http = setupStrictHttp();
let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.cleanup());

/**
 * An artifact as a compromised work job could leave it: a commit made by hand on `parent` with `files`,
 * bundled, and a work.json claiming a clean FIXED run for it.
 */
function forgeArtifact(files: Record<string, string>, options: { twoCommits?: boolean } = {}): string {
  const scratch = path.join(repo.root, "forge");
  const dir = path.join(repo.root, "artifact");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=x", "-c", "user.email=x@x", ...args], {
      cwd: scratch,
      encoding: "utf8",
    }).trim();
  execFileSync("git", ["clone", "-q", "--branch", repo.branch, repo.remote, scratch]);
  if (options.twoCommits) {
    writeFileSync(path.join(scratch, "src", "between.js"), "export {};\n");
    git("add", "-A");
    git("commit", "-q", "-m", "a commit in between");
  }
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    writeFileSync(path.join(scratch, file), content);
  }
  git("add", "-A");
  git("commit", "-q", "-m", "forged");
  const commit = git("rev-parse", "HEAD");
  git("update-ref", "refs/conductor/work", commit);
  mkdirSync(dir, { recursive: true });
  git("bundle", "create", path.join(dir, "work.bundle"), "refs/conductor/work", `^${repo.headSha}`);
  const brief = testBrief();
  const result = buildResult({
    brief,
    outcome: { stop: "finished", report: null },
    harness: { test: null, items: new Map() },
    headSha: commit,
    usage: { input_tokens: 1, output_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0, usd: 0 },
    turns: 1,
    durationMs: 1,
    problems: [],
  });
  const artifact: WorkArtifact = { version: 1, result, notes: [], base_sha: repo.headSha, commit };
  writeFileSync(path.join(dir, "work.json"), JSON.stringify(artifact));
  return dir;
}

async function publish(dir: string) {
  const checkout = path.join(repo.root, "publish");
  execFileSync("git", ["clone", "-q", "--branch", repo.branch, repo.remote, checkout]);
  const { "INPUT_ANTHROPIC-API-KEY": _key, ...env } = actionEnv(checkout);
  const { deps, recorded } = testDeps(checkout, { ...env, INPUT_MODE: "publish", "INPUT_ARTIFACT-PATH": dir });
  await run(deps);
  if (recorded.failed && !recorded.outputs.result) throw new Error(`publish failed: ${recorded.failed}`);
  const read = decodeMarker("result", postedComment(http), Result);
  if (!read.ok) throw new Error(read.message);
  return { recorded, result: read.value };
}

/** `fakeGitHub` for the publish job alone: one read of the PR. */
function fakePublishGitHub(ready: boolean) {
  fakeGitHub(http, testBrief(), repo, { ready, reads: 1 });
}

describe("the publish job checks the work before it pushes anything", () => {
  test.each([
    [
      "a protected path",
      { ".github/workflows/ci.yml": "on: push\njobs: { pwn: {} }\n" },
      ".github/workflows/ci.yml is protected",
    ],
    ["a path outside the module's paths", { "README.md": "# changed\n" }, "README.md is outside the module's paths"],
  ])("a commit that changes %s is refused, and the branch is untouched", async (_name, files, reason) => {
    fakePublishGitHub(true);
    const dir = forgeArtifact({ "src/greet.js": "export const ok = 1;\n", ...files });

    const { recorded, result } = await publish(dir);

    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(repo.headSha);
    expect(result).toMatchObject({ status: "failed", head_sha: repo.headSha });
    expect(result.error).toContain("the publish job refused the work and pushed nothing");
    expect(result.error).toContain(reason);
    expect(recorded.failed).toContain("the attempt is failed");
  });

  test("a commit whose parent is not the brief's head is refused (no history smuggled in)", async () => {
    fakePublishGitHub(true);
    const dir = forgeArtifact({ "src/greet.js": "export const ok = 1;\n" }, { twoCommits: true });

    const { result } = await publish(dir);

    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(repo.headSha);
    expect(result.error).toContain(`must have the branch head ${repo.headSha} as its one parent`);
  });

  test("a work job that left no artifact gets a failed result saying so, and nothing is pushed", async () => {
    fakePublishGitHub(false);
    const { result } = await publish(path.join(repo.root, "no-artifact"));

    expect(result).toMatchObject({ status: "failed", stop_reason: "error", head_sha: repo.headSha });
    expect(result.error).toContain("the work job left no work.json");
  });

  test("a clean commit within the paths is re-committed as the app's bot on the head and pushed", async () => {
    fakePublishGitHub(true);
    const dir = forgeArtifact({ "src/greet.js": "export const ok = 1;\n" });

    const { result } = await publish(dir);

    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(result.head_sha).toBe(head);
    expect(repo.remoteGit("rev-parse", `${head}^`)).toBe(repo.headSha);
    expect(repo.remoteGit("log", "-1", "--format=%an%n%s", head)).toBe(
      "conductor-app[bot]\nconductor #7: greet (attempt 1)",
    );
  });
});
