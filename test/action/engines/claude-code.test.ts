import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBudgetMeter } from "../../../action/src/budget-meter.js";
import { runClaudeCode } from "../../../action/src/engines/claude-code.js";
import { enginePin } from "../../../action/src/engines/install-engine.js";
import { createPathPolicy } from "../../../action/src/tools/path-policy.js";
import { memoryTranscript } from "../../../action/src/transcript.js";
import { installEngines } from "../../../scripts/install-engines.mjs";
import { cliTools } from "../support/cli-tools.js";
import { type FakeApi, startFakeApi } from "../support/fake-api-server.js";

// The real Claude Code CLI (the pinned Agent SDK, installed by scripts/install-engines.mjs as the
// action installs it at job time) against the streaming Messages API fake: every reply is parsed by
// Claude Code itself, every tool call goes through the executor's permission check.

let packageDir = "";
let enginesDir = "";
beforeAll(() => {
  enginesDir = installEngines();
  packageDir = path.join(enginesDir, "node_modules", ...enginePin("claude-code").package.split("/"));
}, 600_000);

let api: FakeApi | undefined;
let workspace = "";
afterEach(async () => {
  await api?.close();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const ITEM = "greet";

function reply(id: string, content: unknown[], stop_reason = "tool_use") {
  return { id, model: "claude-sonnet-4-6", content, stop_reason };
}
const call = (id: string, name: string, input: unknown) => ({ type: "tool_use", id, name, input });
const report = {
  items: [
    {
      id: ITEM,
      status: "FIXED",
      changes_made: [{ file: "src/greet.js", change: "greet()" }],
      problems_encountered: [],
      solution: "a greet function",
      verification_command: "node -e \"require('./src/greet.js')\"",
      hallucination_check: "grep -q greet src/greet.js",
    },
  ],
};

async function run(
  messages: Record<string, unknown>[],
  paths = ["src/**"],
  protectedPaths = ["src/secret.js"],
  maxTurns = 10,
) {
  workspace = await mkdtemp(path.join(tmpdir(), "cc-engine-"));
  await writeFile(path.join(workspace, "README.md"), "# greet\n");
  api = await startFakeApi({ pullRequest: {}, messages });
  const meter = createBudgetMeter(
    { turns: 10, tokens: 10_000_000, usd: 5, budgetEndsAt: Date.now() + 600_000, timeoutAt: Date.now() + 600_000 },
    { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  );
  const transcript = memoryTranscript();
  const cli = await cliTools(workspace, createPathPolicy(workspace, paths, protectedPaths), [ITEM], enginesDir);
  const outcome = await runClaudeCode({
    packageDir,
    prompt: `Implement item ${ITEM}: create src/greet.js exporting greet().`,
    model: "claude-sonnet-4-6",
    baseUrl: api.url,
    maxTurns,
    maxBudgetUsd: 5,
    meter,
    clock: { now: () => Date.now() },
    logger: silent,
    transcript,
    tools: cli.tools,
  }).finally(() => cli.dispose());
  return { outcome, meter, transcript };
}

/** The text of every tool_result the CLI sent back, by tool_use id. */
function toolResults(): Map<string, { text: string; isError: boolean }> {
  const results = new Map<string, { text: string; isError: boolean }>();
  for (const seen of api?.messages.seen ?? []) {
    for (const message of seen.body.messages as { content: unknown }[]) {
      if (!Array.isArray(message.content)) continue;
      for (const block of message.content as {
        type: string;
        tool_use_id?: string;
        content?: unknown;
        is_error?: boolean;
      }[]) {
        if (block.type !== "tool_result" || !block.tool_use_id) continue;
        results.set(block.tool_use_id, { text: JSON.stringify(block.content), isError: block.is_error === true });
      }
    }
  }
  return results;
}

const exists = (file: string) =>
  readFile(path.join(workspace, file), "utf8").then(
    () => true,
    () => false,
  );

const BASH_PROBE = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, for bash to read
  "echo token=${GITHUB_TOKEN:-unset} key=${ANTHROPIC_API_KEY:-unset}",
  "echo uid=$(id -u)",
  "echo procs=$(ps -eo comm= | tr '\\n' ' ')",
  "mkdir -p src && touch src/made-by-bash.txt",
].join("; ");

describe("executor.engine: claude-code (the real CLI against the Messages API fake)", () => {
  it("writes inside the module's paths, and finish returns the same per-item report as the built-in engine", async () => {
    const script = [
      reply("msg_1", [call("tu_1", "Write", { file_path: "src/greet.js", content: "exports.greet = () => 'hi';\n" })]),
      reply("msg_2", [call("tu_2", "mcp__conductor__finish", report)]),
      reply("msg_3", [{ type: "text", text: "Done." }], "end_turn"),
    ];
    const { outcome, meter, transcript } = await run(script);
    // The output tokens the fake billed (bytes of each reply's content / 3), not the stream's start value.
    const billed = script.reduce((n, r) => n + Math.ceil(Buffer.byteLength(JSON.stringify(r.content)) / 3), 0);
    expect(meter.usage().output_tokens).toBe(billed);
    expect(api?.problems).toEqual([]);
    expect(outcome).toEqual({ stop: "finished", report });
    expect(await readFile(path.join(workspace, "src/greet.js"), "utf8")).toBe("exports.greet = () => 'hi';\n");
    expect(meter.turns).toBe(3);
    expect(meter.usage().usd).toBeGreaterThan(0);
    // Claude Code streamed every request and was offered finish from the first turn (not deferred).
    expect(api?.messages.seen.every((s) => s.body.stream === true)).toBe(true);
    const offered = (api?.messages.seen[0]?.body.tools ?? []).map((t) => (t as { name: string }).name);
    expect(offered).toContain("mcp__conductor__finish");
    expect(offered).not.toContain("WebFetch");
    expect(transcript.events.map((e) => e.type)).toEqual(["start", "response", "response", "response", "end"]);
  }, 120_000);

  it("refuses writes to protected paths, outside the module's paths and into .git; the model reads why", async () => {
    const { outcome } = await run([
      reply("msg_1", [call("tu_p", "Write", { file_path: "src/secret.js", content: "x" })]),
      reply("msg_2", [call("tu_o", "Write", { file_path: "docs/other.md", content: "x" })]),
      reply("msg_3", [call("tu_g", "Write", { file_path: ".git/hooks/pre-commit", content: "x" })]),
      reply("msg_4", [call("tu_f", "mcp__conductor__finish", report)]),
      reply("msg_5", [{ type: "text", text: "Done." }], "end_turn"),
    ]);
    const results = toolResults();
    expect(results.get("tu_p")).toMatchObject({ isError: true });
    expect(results.get("tu_p")?.text).toContain("src/secret.js is protected");
    expect(results.get("tu_o")?.text).toContain("outside this module's paths");
    expect(results.get("tu_g")?.text).toContain("inside .git");
    expect(await exists("src/secret.js")).toBe(false);
    expect(await exists("docs/other.md")).toBe(false);
    expect(await exists(".git/hooks/pre-commit")).toBe(false);
    expect(outcome.stop).toBe("finished");
  }, 120_000);

  it("runs Bash as the sandbox user, in a PID namespace without Claude Code, with no key in its environment", async () => {
    const { outcome } = await run([
      reply("msg_1", [call("tu_b", "Bash", { command: BASH_PROBE })]),
      reply("msg_2", [call("tu_f", "mcp__conductor__finish", report)]),
      reply("msg_3", [{ type: "text", text: "Done." }], "end_turn"),
    ]);
    const text = toolResults().get("tu_b")?.text ?? "";
    // CLAUDE_CODE_SUBPROCESS_ENV_SCRUB drops even the placeholder key the CLI holds (key-proxy.ts).
    expect(text).toContain("token=unset key=unset");
    expect(text).toContain("uid=65534");
    // Claude Code's bubblewrap gives the command its own PID namespace: the CLI is not among its processes.
    // (The namespace's first process is bubblewrap's `/proc/self/fd/3`, then the shells, then the probe.)
    expect(text).toMatch(/procs=3 bash bash ps tr\\n/);
    expect(await exists("src/made-by-bash.txt")).toBe(true);
    expect(outcome.stop).toBe("finished");
  }, 120_000);

  it("does not accept a finish that leaves an item out; the model is told which", async () => {
    const wrong = { items: [{ ...report.items[0], id: "other" }] };
    const { outcome } = await run([
      reply("msg_1", [call("tu_1", "mcp__conductor__finish", wrong)]),
      reply("msg_2", [{ type: "text", text: "I give up." }], "end_turn"),
    ]);
    expect(toolResults().get("tu_1")?.text).toContain('no report for item \\"greet\\"');
    expect(outcome).toEqual({ stop: "finished", report: null });
  }, 120_000);

  it("ends with stop reason budget when Claude Code uses its turns", async () => {
    const reads = Array.from({ length: 12 }, (_, i) =>
      reply(`msg_${i}`, [call(`tu_${i}`, "Read", { file_path: "README.md" })]),
    );
    const { outcome } = await run(reads, ["src/**"], [], 2);
    expect(outcome).toMatchObject({ stop: "budget" });
    expect(outcome.stop === "budget" && outcome.detail).toContain("turns");
    expect(api?.messages.seen.length).toBe(2);
  }, 120_000);
});
