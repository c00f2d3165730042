import type Anthropic from "@anthropic-ai/sdk";
import type { BetaMessage, BetaMessageParam, BetaTextBlockParam } from "@anthropic-ai/sdk/resources/beta";
import type { Thinking } from "../../src/protocol/brief.js";
import {
  CUT_OFF,
  cutReply,
  DEFAULT_MAX_TOKENS,
  LAST_TURN,
  NUDGE,
  promptTokens,
  resultText,
  thinkingParams,
  withNote,
} from "./agent-turns.js";
import type { BudgetMeter, Exhausted } from "./budget-meter.js";
import { byteLength, contextWindowOf, createTokenEstimator, fitContext } from "./context-window.js";
import type { Clock } from "./deps.js";
import type { Logger } from "./logger.js";
import { SYSTEM_PROMPT } from "./prompt.js";
import type { RepoInstructions } from "./repo-instructions.js";
import { createTools } from "./tools/create-tools.js";
import type { FinishReport } from "./tools/finish-report.js";
import type { ToolContext } from "./tools/tool-context.js";
import { memoryTranscript, type TranscriptSink } from "./transcript.js";

/** How the model's part of an attempt ended. */
export type AgentOutcome =
  | { stop: "finished"; report: FinishReport | null }
  | { stop: "budget" | "timeout"; detail: string; report: FinishReport | null }
  | { stop: "error"; detail: string; report: FinishReport | null };

export interface AgentOptions {
  client: Anthropic;
  /** The first user message: the rendered brief (prompt.ts). */
  prompt: string;
  /** The system prompt; `SYSTEM_PROMPT` unless the module has a role (role-prompt.ts). */
  system?: string;
  model: string;
  meter: BudgetMeter;
  clock: Clock;
  logger: Logger;
  /** The attempt's turn limit (the meter enforces it; the last turn forces `finish`). */
  maxTurns: number;
  /** Everything the tools need except `onFinish`, which the agent owns. */
  tools: Omit<ToolContext, "onFinish">;
  /** Output tokens per reply; default DEFAULT_MAX_TOKENS (thinking may raise it). */
  maxTokens?: number;
  thinking?: Thinking;
  /** The repository's instructions (repo-instructions.ts), a second system block. */
  instructions?: RepoInstructions;
  /** Tokens of the model's context window; default contextWindowOf(model). */
  contextWindow?: number;
  /** Where the attempt's transcript goes (transcript.ts). */
  transcript?: TranscriptSink;
}

const CONTEXT_FULL = "the conversation no longer fits the model's context window, even with old tool outputs cleared";

/**
 * Runs the model with the executor's tools until it calls `finish`, a budget runs out, or the API fails.
 *
 * Each turn streams (`stream: true`; the SDK refuses a large `max_tokens` without), and the executor
 * decides the next request itself, in the loop body (`setMessagesParams`): the reply and its tool
 * results, or for a reply cut off at `max_tokens` its text and a note (cutReply), or a nudge when the
 * model stops without finishing; then old tool outputs are cleared when the request would come near the
 * context window (context-window.ts). On the last allowed turn `tool_choice` forces `finish`, unless
 * thinking is on (the API refuses forced tool use with thinking), when a note asks for it instead.
 *
 * Threads: `thread: false` resends the whole conversation every turn, with an automatic cache
 * breakpoint (top-level `cache_control`) after the last block, so each request starts with the bytes
 * of the previous one and reads them from the cache; what is sent is what is measured
 * (bench/executor.ts), and no server-side thread state can be lost between a CI job's turns.
 */
export async function runAgent(options: AgentOptions): Promise<AgentOutcome> {
  const transcript = options.transcript ?? memoryTranscript();
  const outcome = await converse(options, transcript);
  transcript.write({
    type: "end",
    stop: outcome.stop,
    ...(outcome.stop === "finished" ? {} : { detail: outcome.detail }),
    turns: options.meter.turns,
  });
  return outcome;
}

async function converse(options: AgentOptions, transcript: TranscriptSink): Promise<AgentOutcome> {
  const { client, meter, clock, logger, model } = options;
  // Assigned from callbacks, so held in an object: TypeScript would narrow a `let` to its initial null.
  const state: { report: FinishReport | null; stopped: Exhausted | null; nudged: boolean } = {
    report: null,
    stopped: null,
    nudged: false,
  };
  const tools = createTools({ ...options.tools, onFinish: (report) => (state.report = report) });
  const system: BetaTextBlockParam[] = [{ type: "text", text: options.system ?? SYSTEM_PROMPT }];
  if (options.instructions?.text) system.push({ type: "text", text: options.instructions.text });
  system[system.length - 1] = { ...(system.at(-1) as BetaTextBlockParam), cache_control: { type: "ephemeral" } };
  const shape = thinkingParams(options.thinking, options.maxTokens ?? DEFAULT_MAX_TOKENS);
  const thinkingOn = shape.thinking !== undefined;
  const window = options.contextWindow ?? contextWindowOf(model);
  const limit = window - shape.max_tokens;
  const fit = {
    prefixBytes: byteLength(system) + byteLength(tools),
    estimator: createTokenEstimator(),
    limit,
    trigger: Math.floor(limit * 0.9),
    target: Math.floor(limit * 0.6),
    keepRecent: 4,
  };
  const first: BetaMessageParam = { role: "user", content: options.prompt };
  transcript.write({
    type: "start",
    engine: "builtin",
    model,
    max_tokens: shape.max_tokens,
    thinking: String(options.thinking ?? "off"),
    context_window: window,
    instructions: options.instructions?.files ?? [],
    tools: tools.map((t) => t.name),
  });
  const abort = new AbortController();
  // The wall clock also stops a request in flight; between turns the meter checks it.
  const timer = setTimeout(
    () => {
      state.stopped = meter.exhausted(clock.now()) ?? { reason: "timeout", detail: "the time limit was reached" };
      abort.abort();
    },
    // setTimeout fires at once for delays past 2^31 - 1 ms (24.8 days).
    Math.min(2 ** 31 - 1, Math.max(0, options.tools.remainingMs())),
  );
  let pending = { count: 0, bytes: fit.prefixBytes + byteLength([first]), cleared: 0, estimate: 0, forced: false };
  try {
    const runner = client.beta.messages.toolRunner(
      {
        model,
        ...shape,
        system,
        tools,
        messages: [first],
        cache_control: { type: "ephemeral" },
        thread: false,
        stream: true,
        max_iterations: options.maxTurns + 1,
      },
      { signal: abort.signal },
    );
    for await (const stream of runner) {
      const sent = runner.params.messages;
      const turn = meter.turns + 1;
      transcript.write({
        type: "request",
        turn,
        new_messages: sent.slice(pending.count),
        cleared_tool_results: pending.cleared,
        estimated_prompt_tokens: pending.estimate || fit.estimator.tokens(pending.bytes),
        ...(pending.forced ? { tool_choice: "finish" } : {}),
      });
      const started = clock.now();
      const message: BetaMessage = await stream.finalMessage();
      meter.record(message.usage);
      fit.estimator.calibrate(pending.bytes, promptTokens(message.usage));
      transcript.write({
        type: "response",
        turn,
        ms: clock.now() - started,
        stop_reason: message.stop_reason,
        content: message.content.map((b) =>
          b.type === "thinking" ? { type: "thinking", chars: b.thinking.length } : b,
        ),
        usage: { ...message.usage },
      });
      logger.info("turn", { turn, stop_reason: message.stop_reason, usage: message.usage });
      let next: BetaMessageParam[] | null = null;
      if (message.stop_reason === "tool_use") {
        const results = await runner.generateToolResponse();
        const blocks = Array.isArray(results?.content) ? results.content : [];
        for (const block of message.content) {
          if (block.type !== "tool_use") continue;
          const result = blocks.find((r) => r.type === "tool_result" && r.tool_use_id === block.id);
          transcript.write({
            type: "tool",
            turn,
            name: block.name,
            input: block.input,
            output: result?.type === "tool_result" ? resultText(result.content) : "",
            is_error: result?.type === "tool_result" && result.is_error === true,
          });
        }
        next = [...sent, { role: "assistant", content: message.content }, ...(results ? [results] : [])];
      } else if (message.stop_reason === "max_tokens" || message.stop_reason === "model_context_window_exceeded") {
        next = [...sent, cutReply(message.content), { role: "user", content: CUT_OFF }];
      } else if (!state.report && !state.nudged) {
        state.nudged = true;
        next = [...sent, { role: "assistant", content: message.content }, { role: "user", content: NUDGE }];
      }
      if (state.report) return { stop: "finished", report: state.report };
      const stopped = meter.exhausted(clock.now());
      if (stopped) return { stop: stopped.reason, detail: stopped.detail, report: state.report };
      if (!next) return { stop: "finished", report: state.report };
      const last = meter.turns + 1 >= options.maxTurns;
      const fitted = fitContext(last ? withNote(next, LAST_TURN) : next, fit);
      if (!fitted.fits) return { stop: "budget", detail: CONTEXT_FULL, report: state.report };
      const forced = last && !thinkingOn;
      pending = {
        count: sent.length,
        bytes: fit.prefixBytes + byteLength(fitted.messages),
        cleared: fitted.cleared,
        estimate: fitted.estimatedTokens,
        forced,
      };
      if (fitted.cleared > 0) logger.info("cleared old tool outputs", { count: fitted.cleared, turn });
      runner.setMessagesParams(({ tool_choice: _, ...params }) => ({
        ...params,
        messages: fitted.messages,
        ...(forced ? { tool_choice: { type: "tool" as const, name: "finish" } } : {}),
      }));
    }
    return { stop: "finished", report: state.report };
  } catch (error) {
    const { stopped, report } = state;
    if (stopped) return { stop: stopped.reason, detail: stopped.detail, report };
    // The window is a limit of the attempt, not an outage: retrying the same conversation would overflow again.
    if (/prompt is too long/i.test(describeApiError(error))) return { stop: "budget", detail: CONTEXT_FULL, report };
    return { stop: "error", detail: describeApiError(error), report };
  } finally {
    clearTimeout(timer);
  }
}

/** One line saying what broke, for the result and the log. */
export function describeApiError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
