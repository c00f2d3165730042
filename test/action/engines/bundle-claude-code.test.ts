import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { installEngines } from "../../../scripts/install-engines.mjs";
import { decodeMarker } from "../../../src/spec/marker.js";
import { Result } from "../../../src/spec/result.js";
import { checkGitHubRequest } from "../../helpers/openapi.js";
import { type FakeApi, startFakeApi } from "../support/fake-api-server.js";
import { actionEnv, pullRequest, testBrief } from "../support/fixtures.js";
import { createTestRepo, type TestRepo } from "../support/test-repo.js";
import { finishFixed, toolCall } from "../support/transcript.js";

// A whole attempt with `executor.engine: claude-code`, through the committed bundle as the runner runs
// it: the brief names the engine, the action finds the pinned Agent SDK (CONDUCTOR_ENGINES_DIR, as if
// installed earlier in the job), Claude Code works against the Messages API fake, and the harness,
// commit, push and result comment are the built-in engine's.

const BUNDLE = path.resolve("action/dist/index.js");
let enginesDir = "";
let repo: TestRepo;
let api: FakeApi | undefined;
beforeAll(() => {
  enginesDir = installEngines();
}, 600_000);
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(async () => {
  await api?.close();
  repo.cleanup();
});

function runBundle(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUNDLE], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

describe("the committed bundle with executor.engine: claude-code", () => {
  test("Claude Code does the work; the harness tests, commits, pushes and posts the result", async () => {
    const brief = testBrief({ engine: "claude-code" });
    const finish = finishFixed() as { content: { name: string }[] };
    for (const block of finish.content) block.name = "mcp__conductor__finish";
    api = await startFakeApi({
      pullRequest: pullRequest(brief, repo.headSha, repo.branch),
      messages: [
        toolCall("Write", {
          file_path: "src/greet.js",
          content: 'export function greet(name) {\n  return "Hello, " + name + "!";\n}\n',
        }),
        finish,
        { ...toolCall("Write", {}), content: [{ type: "text", text: "Done." }], stop_reason: "end_turn" },
      ],
      checkGitHub: checkGitHubRequest,
    });
    const outputFile = path.join(repo.root, "github-output");
    writeFileSync(outputFile, "");
    const { code, stdout } = await runBundle({
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...actionEnv(repo.workspace),
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: api.url,
      ANTHROPIC_BASE_URL: api.url,
      GITHUB_OUTPUT: outputFile,
      CONDUCTOR_ENGINES_DIR: enginesDir,
    });
    expect(stdout).not.toContain("::error::");
    expect(code).toBe(0);
    expect(api.problems).toEqual([]);
    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(repo.remoteGit("show", `${head}:src/greet.js`)).toContain('"Hello, " + name + "!"');
    const comment = api.requests.at(-1)?.body;
    const body = typeof comment === "object" && comment !== null && "body" in comment ? String(comment.body) : "";
    const read = decodeMarker("result", body, Result);
    expect(read.ok && read.value.status).toBe("done");
    expect(read.ok && read.value.items[0]?.harness.verification?.exit_code).toBe(0);
    expect(api.messages.seen.length).toBe(3);
  }, 180_000);
});
