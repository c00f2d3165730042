import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { decodeMarker } from "../../src/protocol/marker.js";
import { Result } from "../../src/protocol/result.js";
import { checkGitHubRequest } from "../helpers/openapi.js";
import { runBundleWork, runPublish } from "./support/bundle-jobs.js";
import { type FakeApi, startFakeApi } from "./support/fake-api-server.js";
import { ANTHROPIC_KEY, GITHUB_TOKEN, PR_NODE_ID, pullRequest, testBrief } from "./support/fixtures.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";
import { editGreet, finishFixed } from "./support/transcript.js";

// Each test plays both jobs (work, then publish on a fresh clone) with sandboxed commands: tens of
// seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const BUNDLE = path.resolve("action/dist/index.js");
let repo: TestRepo;
let api: FakeApi | undefined;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(async () => {
  await api?.close();
  repo.cleanup();
});

/** Runs the committed bundle as the runner would: `node dist/index.js` with INPUT_* and GITHUB_* set. */
function runBundle(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUNDLE], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

/** The values `core.setOutput` wrote to GITHUB_OUTPUT (`name<<delimiter … delimiter` blocks). */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1] ?? ""] = match[3] ?? "";
  }
  return outputs;
}

describe("the committed bundle", () => {
  test("runs the work job against a local GitHub + Anthropic fake; the publish job pushes and posts it", async () => {
    const brief = testBrief();
    api = await startFakeApi({
      pullRequest: pullRequest(brief, repo.headSha, repo.branch),
      messages: [editGreet(), finishFixed()],
      checkGitHub: checkGitHubRequest,
    });

    const work = await runBundleWork(repo, api);

    expect(work.stdout).not.toContain("::error::");
    expect(work.code).toBe(0);
    // The work job pushed nothing: its commit is in the artifact.
    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(repo.headSha);
    expect(work.outputs.status).toBe("done");
    expect(readdirSync(work.artifactDir).sort()).toEqual(["transcript.jsonl", "work.bundle", "work.json"]);
    expect(work.summary).toContain("| `work` | FIXED |");

    const publish = await runPublish(repo, api, work.artifactDir);

    expect(publish.failed).toBeNull();
    expect(api.problems).toEqual([]);
    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(repo.remoteGit("show", `${head}:src/greet.js`)).toContain('"Hello, " + name + "!"');
    expect(publish.outputs).toMatchObject({ status: "done", "head-sha": head });
    expect(Result.parse(JSON.parse(publish.outputs.result ?? "")).items[0]?.status).toBe("FIXED");
    const calls = api.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);
    expect(calls).toEqual([
      "GET /repos/octo/greet/pulls/12",
      "POST /v1/messages",
      "POST /v1/messages",
      "GET /repos/octo/greet/pulls/12",
      "POST /graphql",
      "POST /repos/octo/greet/issues/12/comments",
    ]);
    expect(api.requests[4]?.body).toMatchObject({ variables: { id: PR_NODE_ID } });
    const comment = api.requests[5]?.body;
    const body = typeof comment === "object" && comment !== null && "body" in comment ? String(comment.body) : "";
    const read = decodeMarker("result", body, Result);
    expect(read.ok && read.value.status).toBe("done");
    // Secrets appear only in the runner's own mask commands.
    const logged = work.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::"));
    expect(logged.join("\n")).not.toContain(ANTHROPIC_KEY);
    expect(logged.join("\n")).not.toContain(GITHUB_TOKEN);
  });

  test("fails the step with every input problem at once", async () => {
    const outputFile = path.join(repo.root, "github-output");
    writeFileSync(outputFile, "");
    const { code, stdout } = await runBundle({
      PATH: process.env.PATH ?? "",
      GITHUB_OUTPUT: outputFile,
      INPUT_TASK: "0",
    });
    expect(code).toBe(1);
    expect(stdout).toContain("::error::the action's inputs are invalid");
    for (const name of ["mode", "github-token", "task", "pr", "attempt", "nonce"]) {
      expect(stdout).toContain(`input "${name}"`);
    }
    expect(stdout).toContain("GITHUB_REPOSITORY");
    expect(readOutputs(outputFile)).toEqual({ status: "refused" });
  });
});
