import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { installEngines } from "../../../scripts/install-engines.mjs";
import { decodeMarker } from "../../../src/spec/marker.js";
import { Result } from "../../../src/spec/result.js";
import { checkGitHubRequest } from "../../helpers/openapi.js";
import { type FakeApi, startFakeApi } from "../support/fake-api-server.js";
import { type ResponsesFake, startResponsesFake } from "../support/fake-responses-api.js";
import { actionEnv, pullRequest, testBrief } from "../support/fixtures.js";
import { createTestRepo, type TestRepo } from "../support/test-repo.js";

// A whole attempt with `executor.engine: codex`, through the committed bundle as the runner runs it:
// the brief names the engine and the provider, the key comes from the variable named by
// `api_key_secret`, `codex exec` works against the Responses API fake, and the harness, commit, push
// and result comment are the built-in engine's.

const BUNDLE = path.resolve("action/dist/index.js");
let enginesDir = "";
let repo: TestRepo;
let api: FakeApi | undefined;
let model: ResponsesFake | undefined;
beforeAll(() => {
  enginesDir = installEngines();
}, 600_000);
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(async () => {
  await api?.close();
  await model?.close();
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

const ITEM = {
  id: "work",
  status: "FIXED",
  changes_made: [{ file: "src/greet.js", change: "greet returns Hello, <name>!" }],
  problems_encountered: [],
  solution: "changed the template string",
  verification_command: "grep -q 'Hello, ' src/greet.js",
  hallucination_check: "grep -qF '\"Hello, \" + name' src/greet.js",
};
const GREET = 'export function greet(name) {\n  return "Hello, " + name + "!";\n}\n';

describe("the committed bundle with executor.engine: codex", () => {
  test("Codex does the work; the report file is the result's items; the harness tests, commits, pushes and posts", async () => {
    model = await startResponsesFake([
      { type: "function_call", name: "exec_command", arguments: { cmd: `printf '%s' '${GREET}' > src/greet.js` } },
      (text) => {
        const file = /(\/[^\s"\\]*conductor-report-[^\s"\\]*\/report\.json)/.exec(text)?.[1] ?? "missing";
        return {
          type: "function_call",
          name: "exec_command",
          arguments: { cmd: `cat > ${file} <<'EOF'\n${JSON.stringify({ items: [ITEM] })}\nEOF` },
        };
      },
      { type: "message", text: "Done." },
    ]);
    const brief = testBrief({
      engine: "codex",
      model: "gpt-5-codex",
      provider: { base_url: model.url, api_key_secret: "LOCAL_LLM_KEY" },
    });
    api = await startFakeApi({
      pullRequest: pullRequest(brief, repo.headSha, repo.branch),
      messages: [],
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
      GITHUB_OUTPUT: outputFile,
      CONDUCTOR_ENGINES_DIR: enginesDir,
      LOCAL_LLM_KEY: "sk-local-0123456789",
    });
    expect(stdout).not.toContain("::error::");
    expect(code).toBe(0);
    expect(api.problems).toEqual([]);
    expect(model.problems).toEqual([]);
    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(repo.remoteGit("show", `${head}:src/greet.js`)).toContain('"Hello, " + name + "!"');
    const comment = api.requests.at(-1)?.body;
    const body = typeof comment === "object" && comment !== null && "body" in comment ? String(comment.body) : "";
    const read = decodeMarker("result", body, Result);
    expect(read.ok && read.value.status).toBe("done");
    expect(read.ok && read.value.items[0]?.solution).toBe(ITEM.solution);
    expect(model.seen.length).toBe(3);
  }, 180_000);
});
