/**
 * `npm run bench:executor`, second part: the CLI engines (docs/executor.md#engines) on the same scripted
 * multi-turn task as the built-in engine's "mixed" task (list, read, search, run the tests, edit, finish),
 * each in its own tool vocabulary, through the real CLI (installed by scripts/install-engines.mjs) against
 * its HTTP fake: Claude Code against the streaming Messages API fake, Codex against the Responses API
 * fake. Every figure comes from the request bytes the CLI sent.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createBudgetMeter } from "../action/src/budget-meter.js";
import { budgetGate } from "../action/src/engines/budget-gate.js";
import { runClaudeCode } from "../action/src/engines/claude-code.js";
import { runCodex } from "../action/src/engines/codex.js";
import { enginePin } from "../action/src/engines/install-engine.js";
import { startKeyProxy } from "../action/src/engines/key-proxy.js";
import { priceOf } from "../action/src/prices.js";
import { createPathPolicy } from "../action/src/tools/path-policy.js";
import { memoryTranscript } from "../action/src/transcript.js";
import { installEngines } from "../scripts/install-engines.mjs";
import { cachedPrefixShare, type PromptBody } from "../test/action/support/cached-prefix.js";
import { cliTools } from "../test/action/support/cli-tools.js";
import { startFakeApi } from "../test/action/support/fake-api-server.js";
import { type ScriptedOutput, type ScriptStep, startResponsesFake } from "../test/action/support/fake-responses-api.js";
import { writeBigFiles } from "../test/action/support/read-heavy.js";
import { createTestRepo } from "../test/action/support/test-repo.js";
import { toolCall } from "../test/action/support/transcript.js";

const BYTES_PER_TOKEN = 3;
const TURNS = 30;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const GREET = 'export function greet(name) {\n  return "Hello, " + name + "!";\n}\n';
const ITEM = {
  id: "work",
  status: "FIXED",
  changes_made: [{ file: "src/greet.js", change: "greet returns Hello, <name>!" }],
  problems_encountered: [],
  solution: "changed the template string",
  verification_command: "grep -q 'Hello, ' src/greet.js",
  hallucination_check: "grep -qF '\"Hello, \" + name' src/greet.js",
};

/** The mixed task's steps, engine-neutral. */
type Step =
  | { kind: "list" }
  | { kind: "read"; file: string; offset: number; limit: number }
  | { kind: "search"; pattern: string }
  | { kind: "run"; command: string }
  | { kind: "write" };
function mixedSteps(): Step[] {
  const steps: Step[] = [{ kind: "list" }];
  for (let i = 0; steps.length < 27; i++) {
    steps.push(
      { kind: "read", file: `src/big/part${i % 6}.js`, offset: 1 + 40 * i, limit: 120 },
      { kind: "search", pattern: `v${i % 6}_${i}\\b` },
      { kind: "run", command: "node test/greet.test.js || true" },
    );
  }
  return [...steps.slice(0, 27), { kind: "write" }, { kind: "run", command: "node test/greet.test.js" }];
}

/** The tools a CLI engine gets in the work job: the real command sandbox it runs in (cli-tools.ts). */
const toolsFor = (workspace: string, dir: string) =>
  cliTools(workspace, createPathPolicy(workspace, ["src/**"], []), ["work"], dir);

const meterFor = (model: string) =>
  createBudgetMeter(
    { turns: 100, tokens: 1e9, usd: 1000, budgetEndsAt: Date.now() + 3.6e6, timeoutAt: Date.now() + 3.6e6 },
    priceOf(model).price,
  );

function claudeCall(s: Step) {
  switch (s.kind) {
    case "list":
      return toolCall("Glob", { pattern: "**/*" });
    case "read":
      return toolCall("Read", { file_path: s.file, offset: s.offset, limit: s.limit });
    case "search":
      return toolCall("Grep", { pattern: s.pattern, output_mode: "content" });
    case "run":
      return toolCall("Bash", { command: s.command });
    case "write":
      return toolCall("Write", { file_path: "src/greet.js", content: GREET });
  }
}

async function claudeCode(dir: string) {
  const repo = createTestRepo();
  writeBigFiles(repo, 6, 200);
  const calls = mixedSteps().map(claudeCall);
  const finish = toolCall("mcp__conductor__finish", { items: [ITEM] });
  const done = { ...toolCall("Read", {}), content: [{ type: "text", text: "Done." }], stop_reason: "end_turn" };
  const replies = [...calls, finish, done].map(({ usage: _, ...r }) => r);
  const api = await startFakeApi({ pullRequest: {}, messages: replies });
  const model = "claude-sonnet-4-6";
  const meter = meterFor(model);
  const cli = await toolsFor(repo.workspace, dir);
  const started = performance.now();
  try {
    const outcome = await runClaudeCode({
      packageDir: path.join(dir, "node_modules", ...enginePin("claude-code").package.split("/")),
      prompt: "Make greet() say Hello, <name>! (item work).",
      model,
      baseUrl: api.url,
      maxTurns: 100,
      maxBudgetUsd: 1000,
      meter,
      clock: { now: () => Date.now() },
      logger: silent,
      transcript: memoryTranscript(),
      tools: cli.tools,
    });
    const seen = api.messages.seen;
    return {
      name: "claude-code",
      model,
      stop: outcome.stop,
      reported: outcome.report !== null,
      turns: seen.length,
      usage: meter.usage(),
      share: cachedPrefixShare(
        seen.map((s) => s.body),
        BYTES_PER_TOKEN,
      ).share,
      largest: Math.max(...seen.map((s) => s.promptTokens)),
      firstRequestMs: (api.requests[0]?.at ?? started) - started,
    };
  } finally {
    await cli.dispose();
    await api.close();
    repo.cleanup();
  }
}

const exec = (cmd: string): ScriptedOutput => ({ type: "function_call", name: "exec_command", arguments: { cmd } });

function codexCall(s: Step): ScriptedOutput {
  switch (s.kind) {
    case "list":
      return exec("git ls-files --cached --others --exclude-standard");
    case "read":
      return exec(`sed -n '${s.offset},${s.offset + s.limit - 1}p' ${s.file} | cat -n`);
    case "search":
      return exec(`grep -rnE '${s.pattern}' src test || true`);
    case "run":
      return exec(s.command);
    case "write":
      return exec(`cat > src/greet.js <<'EOF'\n${GREET}EOF`);
  }
}

async function codex(dir: string) {
  const repo = createTestRepo();
  writeBigFiles(repo, 6, 200);
  const steps = mixedSteps().map(codexCall);
  const report: ScriptStep = (text) => {
    const file = /(\/[^\s"\\]*conductor-report-[^\s"\\]*\/report\.json)/.exec(text)?.[1] ?? "missing";
    return exec(`cat > ${file} <<'EOF'\n${JSON.stringify({ items: [ITEM] })}\nEOF`);
  };
  const api = await startResponsesFake([...steps, report, { type: "message", text: "Done." }]);
  const model = "gpt-5-codex";
  const meter = meterFor(model);
  const cli = await toolsFor(repo.workspace, dir);
  // As in the action: the key proxy in front of the API meters every reply (budget-gate.ts).
  const gate = budgetGate(meter, () => Date.now());
  const proxy = await startKeyProxy(api.url, "sk-bench-0000", "authorization-bearer", gate);
  const started = performance.now();
  try {
    const outcome = await runCodex({
      packageDir: path.join(dir, "node_modules", ...enginePin("codex").package.split("/")),
      prompt: "Make greet() say Hello, <name>! (item work).",
      model,
      baseUrl: proxy.url,
      meter,
      budget: gate,
      logger: silent,
      transcript: memoryTranscript(),
      tools: cli.tools,
    });
    // The Responses API caches a prompt's prefix on its own; counted like the Messages API with the end of
    // each request as the only breakpoint: instructions, tools, then the input items.
    const bodies = api.seen.map(
      (b): PromptBody => ({
        system: typeof b.instructions === "string" ? [b.instructions] : [],
        tools: Array.isArray(b.tools) ? b.tools : [],
        messages: Array.isArray(b.input) ? b.input : [],
        cache_control: {},
      }),
    );
    const sizes = api.seen.map((b) => Math.ceil(Buffer.byteLength(JSON.stringify(b)) / BYTES_PER_TOKEN));
    return {
      name: "codex",
      model,
      stop: outcome.stop,
      reported: outcome.report !== null,
      turns: api.seen.length,
      usage: meter.usage(),
      share: cachedPrefixShare(bodies, BYTES_PER_TOKEN).share,
      largest: Math.max(...sizes),
      firstRequestMs: (api.arrivals[0] ?? started) - started,
    };
  } finally {
    await cli.dispose();
    await proxy.close();
    await api.close();
    repo.cleanup();
  }
}

const dir = installEngines();
const results = [await claudeCode(dir), await codex(dir)];
const pins = JSON.parse(readFileSync("action/engines.json", "utf8")) as Record<string, { version: string }>;
console.log(`executor benchmark: CLI engines on the mixed ${TURNS}-turn task`);
console.log(
  "  method: prompt tokens = bytes of the request the CLI sent / %d (tools + system/instructions + messages/input); cached-prefix share over requests 2…n = tokens of the longest prefix an earlier request cached (Messages: at its cache_control breakpoints; Responses: automatic, the whole earlier request) / all prompt tokens; usage is what each fake reported (the Messages fake: cache writes and reads from the same prefix model; the Responses fake: no cached tokens, so its USD is an upper bound); USD at list prices (prices.ts); cold start = from calling the engine (install already done) to the fake's first request.",
  BYTES_PER_TOKEN,
);
for (const r of results) {
  const u = r.usage;
  console.log(
    `  ${r.name} ${pins[r.name]?.version ?? ""} (model ${r.model}): stop ${r.stop}, report ${r.reported ? "accepted" : "MISSING"}`,
  );
  console.log(
    `    turns ${r.turns}; input tokens ${u.input_tokens} uncached + ${u.cache_write_tokens} cache writes + ${u.cache_read_tokens} cache reads; output tokens ${u.output_tokens}`,
  );
  console.log(
    `    cached-prefix share, requests 2–${r.turns}: ${r.share.toFixed(3)}; largest request: ${r.largest} tokens`,
  );
  console.log(
    `    cost at list prices: $${u.usd.toFixed(4)} (${priceOf(r.model).known ? "listed" : "not in prices.ts: counted at the highest price"}); cold start to first API request: ${r.firstRequestMs.toFixed(0)} ms`,
  );
}
