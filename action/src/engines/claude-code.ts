import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import type { BudgetMeter, ResponseUsage } from "../budget-meter.js";
import type { Clock } from "../deps.js";
import type { Logger } from "../logger.js";
import type { RepoInstructions } from "../repo-instructions.js";
import type { AgentOutcome } from "../run-agent.js";
import type { SandboxProcess } from "../sandbox/command-sandbox.js";
import { FinishReport } from "../tools/finish-report.js";
import { acceptFinish, FINISH_DESCRIPTION, FINISH_RECORDED } from "../tools/finish-tool.js";
import type { TranscriptSink } from "../transcript.js";
import { decide, NETWORK_TOOLS } from "./claude-code-policy.js";
import type { ClaudeAgentSdk, SdkMessage } from "./claude-code-sdk.js";
import type { CliTools } from "./cli-tools.js";
import { PLACEHOLDER_KEY } from "./key-proxy.js";

export interface ClaudeCodeOptions {
  /** The installed `@anthropic-ai/claude-agent-sdk` package directory (install-engine.ts). */
  packageDir: string;
  prompt: string;
  model: string;
  /** The key proxy's URL (key-proxy.ts): the CLI never holds the key. */
  baseUrl: string;
  maxTurns: number;
  /** The brief's USD budget, which Claude Code enforces itself (`maxBudgetUsd`). */
  maxBudgetUsd: number;
  meter: BudgetMeter;
  clock: Clock;
  logger: Logger;
  tools: CliTools;
  instructions?: RepoInstructions;
  transcript: TranscriptSink;
  /** Claude Code's command sandbox fails closed when bubblewrap is missing; false lets it run unsandboxed. */
  requireSandbox?: boolean;
}

const FINISH_TOOL = "mcp__conductor__finish";

/**
 * `executor.engine: claude-code` (DESIGN §8, docs/executor.md#claude-code): Claude Code, through the Agent
 * SDK installed at job time, does the model's part of the attempt; the harness, commit, publish and result
 * stay the executor's. The brief is the prompt, the module's path policy is the permission check
 * (claude-code-policy.ts, through both `canUseTool` and a PreToolUse hook, so no permission mode skips
 * it), and `finish` is an in-process MCP tool that accepts the same report as the built-in engine's.
 * Budgets: `maxTurns`, `maxBudgetUsd`, and the wall clock through an abort. No settings file of the
 * repository is read (`settingSources: []`): a checked-in `.claude/settings.json` could add hooks or
 * allow rules; the repository's instructions come in through the system prompt instead.
 */
export async function runClaudeCode(options: ClaudeCodeOptions): Promise<AgentOutcome> {
  const sdk = (await import(pathToFileURL(path.join(options.packageDir, "sdk.mjs")).href)) as ClaudeAgentSdk;
  const { tools, logger, transcript, meter } = options;
  let report: FinishReport | null = null;
  const finish = sdk.tool(
    "finish",
    FINISH_DESCRIPTION,
    FinishReport.shape,
    async (input: unknown) => {
      try {
        report = acceptFinish(FinishReport.parse(input), tools.itemIds);
        return { content: [{ type: "text", text: FINISH_RECORDED }] };
      } catch (error) {
        return { content: [{ type: "text", text: tools.redact(String(error)) }], isError: true };
      }
    },
    { alwaysLoad: true },
  );
  const configDir = await tools.sandbox.ownedDir(tools.homeParent);
  const abort = new AbortController();
  const children: SandboxProcess[] = [];
  const timer = setTimeout(() => abort.abort(), Math.max(0, tools.remainingMs()));
  const check = async (tool: string, input: Record<string, unknown>) => {
    if (tool === FINISH_TOOL) return { behavior: "allow" as const, updatedInput: input };
    const decision = await decide(tools.policy, tool, input);
    if (decision.behavior === "deny") logger.info("claude-code: tool refused", { tool, message: decision.message });
    return decision.behavior === "allow" ? { behavior: "allow" as const, updatedInput: input } : decision;
  };
  transcript.write({
    type: "start",
    engine: "claude-code",
    model: options.model,
    max_tokens: 0,
    thinking: "claude-code",
    context_window: 0,
    instructions: options.instructions?.files ?? [],
    tools: ["claude-code", FINISH_TOOL],
  });
  const seen = new Map<string, ResponseUsage>();
  const totals: { output: number | null } = { output: null };
  let outcome: AgentOutcome | null = null;
  try {
    const stream = sdk.query({
      prompt: options.prompt,
      options: {
        cwd: tools.workspace,
        model: options.model,
        maxTurns: options.maxTurns,
        maxBudgetUsd: options.maxBudgetUsd,
        abortController: abort,
        settingSources: [],
        permissionMode: "default",
        disallowedTools: NETWORK_TOOLS,
        mcpServers: { conductor: sdk.createSdkMcpServer({ name: "conductor", tools: [finish] }) },
        canUseTool: (tool: string, input: Record<string, unknown>) => check(tool, input),
        hooks: {
          PreToolUse: [
            {
              hooks: [
                async (input: { tool_name?: string; tool_input?: unknown }) => {
                  const decision = await check(input.tool_name ?? "", asRecord(input.tool_input));
                  return decision.behavior === "allow"
                    ? {}
                    : {
                        hookSpecificOutput: {
                          hookEventName: "PreToolUse",
                          permissionDecision: "deny",
                          permissionDecisionReason: decision.message,
                        },
                      };
                },
              ],
            },
          ],
        },
        systemPrompt: {
          type: "preset",
          preset: "claude_code",
          append: [SYSTEM_APPEND, options.instructions?.text ?? ""].filter(Boolean).join("\n\n"),
        },
        sandbox: {
          enabled: true,
          autoAllowBashIfSandboxed: true,
          allowUnsandboxedCommands: false,
          failIfUnavailable: options.requireSandbox ?? true,
        },
        env: cliEnv(options, configDir),
        // Claude Code runs inside the command sandbox, as its commands would (cli-tools.ts).
        spawnClaudeCodeProcess: (spawned: {
          command: string;
          args: string[];
          env: Record<string, string | undefined>;
          signal?: AbortSignal;
        }) => {
          const started = tools.sandbox.spawn(spawned.command, spawned.args, definedOnly(spawned.env));
          spawned.signal?.addEventListener("abort", () => started.kill());
          children.push(started);
          // The SDK reads stderr only from a process it spawned itself.
          createInterface({ input: started.child.stderr }).on("line", (line) =>
            logger.debug(`claude-code: ${tools.redact(line)}`),
          );
          return started.child;
        },
        stderr: (line: string) => logger.debug(`claude-code: ${tools.redact(line)}`),
      },
    });
    for await (const message of stream) {
      if (message.type === "result" && message.usage) totals.output = message.usage.output_tokens;
      outcome = observe(message, seen, transcript) ?? outcome;
    }
  } catch (error) {
    // After an error result (turns, budget) the SDK also throws; the result already said why.
    outcome = outcome
      ? outcome
      : abort.signal.aborted
        ? { stop: "timeout", detail: "the attempt's time ran out while Claude Code worked", report: null }
        : { stop: "error", detail: `Claude Code failed: ${String(error)}`, report: null };
  } finally {
    clearTimeout(timer);
    for (const child of children) child.kill();
  }
  recordUsage(meter, [...seen.values()], totals.output);
  const final = finalOutcome(outcome, report);
  transcript.write({
    type: "end",
    stop: final.stop,
    ...(final.stop === "finished" ? {} : { detail: final.detail }),
    turns: meter.turns,
  });
  return final;
}

const SYSTEM_APPEND =
  "You are Conductor's executor for one module of a larger task. Work only inside the module's paths. " +
  `When you are done, or cannot go further, call the ${FINISH_TOOL} tool with a report on every item of the brief; ` +
  "the harness then runs the test command and your verification commands, commits and pushes. Never commit or push yourself.";

/**
 * What the CLI adds to the sandbox's scrubbed environment: the key proxy's address and a placeholder
 * key, a private config directory, and the scrub of its commands' environment on (defence in depth:
 * there is no key to scrub).
 */
function cliEnv(options: ClaudeCodeOptions, configDir: string): Record<string, string> {
  return {
    ANTHROPIC_API_KEY: PLACEHOLDER_KEY,
    ANTHROPIC_BASE_URL: options.baseUrl,
    CLAUDE_CONFIG_DIR: configDir,
    CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
  };
}

function observe(
  message: SdkMessage,
  seen: Map<string, ResponseUsage>,
  transcript: TranscriptSink,
): AgentOutcome | null {
  if (message.type === "assistant" && message.message) {
    // One API response arrives as one SDK message per content block, all with its id and usage.
    const { id, usage, content, stop_reason } = message.message;
    if (!seen.has(id)) {
      seen.set(id, { ...(usage as ResponseUsage) });
      transcript.write({
        type: "response",
        turn: seen.size,
        ms: 0,
        stop_reason: stop_reason ?? null,
        content: content ?? [],
        usage: usage as unknown as Record<string, unknown>,
      });
    }
    return null;
  }
  if (message.type !== "result") return null;
  switch (message.subtype) {
    case "success":
      return { stop: "finished", report: null };
    case "error_max_turns":
      return { stop: "budget", detail: `Claude Code used its ${message.num_turns} turns`, report: null };
    case "error_max_budget_usd":
      return { stop: "budget", detail: `Claude Code spent its USD budget ($${message.total_cost_usd})`, report: null };
    default:
      return {
        stop: "error",
        detail: `Claude Code ended with ${message.subtype}: ${(message.errors ?? []).join("; ")}`,
        report: null,
      };
  }
}

/**
 * Each response's usage into the meter. The SDK hands a response over before its last stream event, so
 * its output tokens are the stream's start value; the result's total (main loop) is the true sum, and
 * the difference goes to the last response. Claude Code enforces the turn and USD limits itself.
 */
function recordUsage(meter: BudgetMeter, usages: ResponseUsage[], totalOutput: number | null): void {
  const counted = usages.reduce((n, u) => n + u.output_tokens, 0);
  const last = usages.at(-1);
  if (last && totalOutput !== null && totalOutput > counted) last.output_tokens += totalOutput - counted;
  for (const usage of usages) meter.record(usage);
}

/** The report decides: a run that ended without `finish` is not finished, whatever Claude Code said. */
function finalOutcome(outcome: AgentOutcome | null, report: FinishReport | null): AgentOutcome {
  if (outcome === null) return { stop: "error", detail: "Claude Code ended without a result", report };
  return { ...outcome, report };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/** The SDK's environment for the CLI, without unset entries. */
function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
