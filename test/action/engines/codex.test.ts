import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBudgetMeter } from "../../../action/src/budget-meter.js";
import { budgetGate } from "../../../action/src/engines/budget-gate.js";
import { runCodex } from "../../../action/src/engines/codex.js";
import { enginePin } from "../../../action/src/engines/install-engine.js";
import { startKeyProxy } from "../../../action/src/engines/key-proxy.js";
import { createPathPolicy } from "../../../action/src/tools/path-policy.js";
import { memoryTranscript } from "../../../action/src/transcript.js";
import { installEngines } from "../../../scripts/install-engines.mjs";
import { cliTools } from "../support/cli-tools.js";
import { type ResponsesFake, type ScriptStep, startResponsesFake } from "../support/fake-responses-api.js";

// The real `codex exec` (the pinned @openai/codex, installed by scripts/install-engines.mjs as the action
// installs it at job time) against a streaming fake of the Responses API at a custom provider URL.

let packageDir = "";
let enginesDir = "";
beforeAll(() => {
  enginesDir = installEngines();
  packageDir = path.join(enginesDir, "node_modules", ...enginePin("codex").package.split("/"));
}, 600_000);

let api: ResponsesFake | undefined;
let workspace = "";
afterEach(async () => {
  await api?.close();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const ITEM = "greet";
const item = {
  id: ITEM,
  status: "FIXED",
  changes_made: [{ file: "src/greet.js", change: "greet()" }],
  problems_encountered: [],
  solution: "a greet function",
  verification_command: "node -e \"require('./src/greet.js')\"",
  hallucination_check: "grep -q greet src/greet.js",
};

/** The shell command a model would write: the work, then the report to the path its prompt names. */
function work(report: unknown): ScriptStep {
  return (requestText) => {
    const file = /(\/[^\s"\\]*conductor-report-[^\s"\\]*\/report\.json)/.exec(requestText)?.[1] ?? "missing";
    const json = JSON.stringify(report).replaceAll("'", "'\\''");
    return {
      type: "function_call",
      name: "exec_command",
      arguments: {
        cmd: `mkdir -p src && echo "exports.greet = () => 'hi';" > src/greet.js && printf '%s' '${json}' > ${file}`,
      },
    };
  };
}

async function run(script: ScriptStep[]) {
  workspace = await mkdtemp(path.join(tmpdir(), "codex-engine-"));
  api = await startResponsesFake(script);
  const meter = createBudgetMeter(
    { turns: 10, tokens: 10_000_000, usd: 5, budgetEndsAt: Date.now() + 600_000, timeoutAt: Date.now() + 600_000 },
    { input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125 },
  );
  const cli = await cliTools(workspace, createPathPolicy(workspace, ["src/**"], []), [ITEM], enginesDir);
  // As in the action (run-engine.ts): the key proxy in front of the API meters every reply.
  const gate = budgetGate(meter, () => Date.now());
  const proxy = await startKeyProxy(api.url, "sk-test-0000", "authorization-bearer", gate);
  const outcome = await runCodex({
    packageDir,
    prompt: `Implement item ${ITEM}: create src/greet.js exporting greet().`,
    model: "gpt-5-codex",
    baseUrl: proxy.url,
    meter,
    budget: gate,
    logger: silent,
    transcript: memoryTranscript(),
    tools: cli.tools,
  }).finally(async () => {
    await cli.dispose();
    await proxy.close();
  });
  return { outcome, meter };
}

describe("executor.engine: codex (the real CLI against a Responses API fake)", () => {
  it("works in the checkout and the report file comes back validated as the per-item report", async () => {
    const { outcome, meter } = await run([work({ items: [item] }), { type: "message", text: "Done." }]);
    expect(api?.problems).toEqual([]);
    expect(outcome).toEqual({ stop: "finished", report: { items: [item] } });
    expect(await readFile(path.join(workspace, "src/greet.js"), "utf8")).toContain("greet");
    expect(api?.seen.every((body) => body.stream === true && body.model === "gpt-5-codex")).toBe(true);
    // Codex's workspace-write sandbox: the checkout and the report's directory only.
    expect(
      await readFile("/var/tmp/cx-probe").then(
        () => true,
        () => false,
      ),
    ).toBe(false);
    expect(meter.turns).toBeGreaterThan(0);
    expect(meter.usage().input_tokens).toBeGreaterThan(0);
  }, 120_000);

  it("a report that leaves an item out is no report", async () => {
    const { outcome } = await run([work({ items: [{ ...item, id: "other" }] }), { type: "message", text: "Done." }]);
    expect(outcome).toEqual({ stop: "finished", report: null });
  }, 120_000);
});
