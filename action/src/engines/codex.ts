import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { BudgetMeter, Exhausted } from "../budget-meter.js";
import type { Logger } from "../logger.js";
import type { RepoInstructions } from "../repo-instructions.js";
import type { AgentOutcome } from "../run-agent.js";
import { FinishReport } from "../tools/finish-report.js";
import { acceptFinish, FINISH_DESCRIPTION } from "../tools/finish-tool.js";
import type { TranscriptSink } from "../transcript.js";
import type { CliTools } from "./cli-tools.js";
import { PLACEHOLDER_KEY } from "./key-proxy.js";

export interface CodexOptions {
  /** The installed `@openai/codex` package directory (install-engine.ts). */
  packageDir: string;
  prompt: string;
  model: string;
  /** The key proxy's URL (key-proxy.ts) in front of the provider's Responses API: Codex never holds the key. */
  baseUrl: string;
  /** Fed by the key proxy with every reply's usage (budget-gate.ts); read here for the turn count. */
  meter: BudgetMeter;
  /** The brief's budgets at the key proxy: set once it refused a request past a limit. */
  budget: { readonly refused: Exhausted | null };
  logger: Logger;
  tools: CliTools;
  /** The repository's instruction files (repo-instructions.ts), given to Codex ahead of the brief. */
  instructions?: RepoInstructions;
  transcript: TranscriptSink;
}

/**
 * `executor.engine: codex` (DESIGN §8, docs/executor.md#codex): `codex exec` does the model's part,
 * itself inside the command sandbox (cli-tools.ts), running the model's commands in its own
 * `workspace-write` sandbox, against the configured provider (any OpenAI-compatible Responses API)
 * through the key proxy, with a fresh CODEX_HOME so no user configuration or login is read. Codex has no custom tools, so the
 * report comes back through a file outside the checkout (`--add-dir`), which the executor validates
 * with the same schema and check as the built-in engine's `finish`. The wall clock kills the process.
 */
export async function runCodex(options: CodexOptions): Promise<AgentOutcome> {
  const { tools, logger, meter, transcript } = options;
  // Not under /tmp: Codex's bubblewrap sandbox mounts a fresh /tmp, which would hide the helper
  // (`codex-linux-sandbox`) Codex links under CODEX_HOME.
  const home = await tools.sandbox.ownedDir(tools.homeParent);
  // The executor's, writable by the sandbox user, readable by the executor afterwards.
  const reportDir = await mkdtemp(path.join(tmpdir(), "conductor-report-"));
  await chmod(reportDir, 0o777);
  const reportFile = path.join(reportDir, "report.json");
  transcript.write({
    type: "start",
    engine: "codex",
    model: options.model,
    max_tokens: 0,
    thinking: "codex",
    context_window: 0,
    instructions: options.instructions?.files ?? [],
    tools: ["codex"],
  });
  const args = [
    path.join(options.packageDir, "bin", "codex.js"),
    "exec",
    "--json",
    "--skip-git-repo-check",
    "--sandbox",
    "workspace-write",
    "--cd",
    tools.workspace,
    "--add-dir",
    reportDir,
    "-m",
    options.model,
    "-c",
    "model_provider=conductor",
    "-c",
    'model_providers.conductor.name="conductor"',
    "-c",
    `model_providers.conductor.base_url=${JSON.stringify(options.baseUrl)}`,
    "-c",
    'model_providers.conductor.env_key="CONDUCTOR_CODEX_API_KEY"',
    "-c",
    'model_providers.conductor.wire_api="responses"',
    "-c",
    "project_doc_max_bytes=0",
    "-",
  ];
  const started = tools.sandbox.spawn(process.execPath, args, {
    CODEX_HOME: home,
    CONDUCTOR_CODEX_API_KEY: PLACEHOLDER_KEY,
  });
  const { child } = started;
  // The same sanitized, capped instruction files as the other engines, ahead of the brief; Codex's own
  // AGENTS.md discovery is off (`project_doc_max_bytes=0`) so it reads no other, unsanitized copy.
  const preamble = options.instructions?.text ? `${options.instructions.text}\n\n` : "";
  child.stdin.end(`${preamble}${options.prompt}\n\n${reportInstructions(reportFile)}`);
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      started.kill();
    },
    Math.max(0, tools.remainingMs()),
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  let failure: string | null = null;
  for await (const line of createInterface({ input: child.stdout })) {
    const event = parseEvent(line);
    // The meter counts each model reply at the key proxy; Codex's turn is the whole run's total.
    if (event?.type === "turn.completed" && event.usage) {
      transcript.write({
        type: "response",
        turn: meter.turns,
        ms: 0,
        stop_reason: null,
        content: [],
        usage: event.usage,
      });
    }
    if (event?.type === "turn.failed" || event?.type === "error") failure = JSON.stringify(event);
  }
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on("close", resolve);
  });
  clearTimeout(timer);
  started.kill();
  const outcome = await settle({
    timedOut,
    refused: options.budget.refused,
    code,
    failure,
    stderr: tools.redact(stderr),
    reportFile,
    itemIds: tools.itemIds,
    logger,
  });
  await rm(reportDir, { recursive: true, force: true }).catch(() => undefined);
  transcript.write({
    type: "end",
    stop: outcome.stop,
    ...(outcome.stop === "finished" ? {} : { detail: outcome.detail }),
    turns: meter.turns,
  });
  return outcome;
}

async function settle(run: {
  timedOut: boolean;
  refused: Exhausted | null;
  code: number | null;
  failure: string | null;
  stderr: string;
  reportFile: string;
  itemIds: readonly string[];
  logger: Logger;
}): Promise<AgentOutcome> {
  const report = await readReport(run.reportFile, run.itemIds, run.logger);
  if (run.timedOut) return { stop: "timeout", detail: "the attempt's time ran out while Codex worked", report };
  // Codex fails on the refused request; the attempt ends as the built-in loop's does at that limit.
  if (run.refused) {
    const what = run.refused.reason === "budget" ? "budget exhausted" : "time ran out";
    return {
      stop: run.refused.reason,
      detail: `${what}: ${run.refused.detail} (the key proxy refused Codex's next request)`,
      report,
    };
  }
  if (run.code !== 0 || run.failure) {
    return {
      stop: "error",
      detail: `codex exec failed (exit ${run.code}): ${run.failure ?? run.stderr.slice(-500)}`,
      report,
    };
  }
  return { stop: "finished", report };
}

/** The report file, validated like `finish`'s input; a missing or invalid one counts as no report. */
async function readReport(file: string, itemIds: readonly string[], logger: Logger): Promise<FinishReport | null> {
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null) return null;
  try {
    return acceptFinish(FinishReport.parse(JSON.parse(text)), itemIds);
  } catch (error) {
    logger.warn("codex: the report file is not a valid report", { error: String(error) });
    return null;
  }
}

function reportInstructions(file: string): string {
  return [
    "## Your report",
    `When you are done, or cannot go further, write your report as JSON to ${file} (outside the repository) and stop.`,
    `It is what the built-in engine's finish tool takes: ${FINISH_DESCRIPTION}`,
    'Its shape: {"items": [{"id": "...", "status": "FIXED", "changes_made": [{"file": "...", "change": "..."}], "problems_encountered": [], "solution": "...", "verification_command": "...", "hallucination_check": "..."}]}.',
    "Never commit or push: the harness does.",
  ].join("\n");
}

interface CodexEvent {
  type: string;
  usage?: { input_tokens: number; cached_input_tokens?: number; output_tokens: number };
}

function parseEvent(line: string): CodexEvent | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && "type" in value ? (value as CodexEvent) : null;
  } catch {
    return null;
  }
}
