import type Anthropic from "@anthropic-ai/sdk";
import type { BetaMessageParam } from "@anthropic-ai/sdk/resources/beta";
import type { BudgetMeter, Exhausted } from "./budget-meter.js";
import type { Clock } from "./deps.js";
import type { Logger } from "./logger.js";
import { SYSTEM_PROMPT } from "./prompt.js";
import { createTools } from "./tools/create-tools.js";
import type { FinishReport } from "./tools/finish-tool.js";
import type { ToolContext } from "./tools/tool-context.js";

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
  /** The attempt's turn limit (the meter enforces it; the runner gets it as a backstop). */
  maxTurns: number;
  /** Everything the tools need except `onFinish`, which the agent owns. */
  tools: Omit<ToolContext, "onFinish">;
  maxTokens?: number;
}

const NUDGE =
  "You stopped without calling finish. Call finish now with a report on every item, even if some are FAILED.";

/**
 * Runs the model with the executor's tools until it calls `finish`, a budget runs out, or the API fails.
 *
 * Threads: the SDK's default sends only new messages and lets the server keep the history. The executor
 * passes `thread: false` and resends the whole conversation every turn, with an automatic cache
 * breakpoint (top-level `cache_control`) after the last block: each request is the previous one plus
 * the reply and the tool results, so everything the previous request sent is a byte-identical prefix
 * and is read from the cache. What is sent is what is cached and what is measured (bench/executor.ts),
 * and no server-side thread state can be lost between a CI job's turns.
 */
export async function runAgent(options: AgentOptions): Promise<AgentOutcome> {
  const { client, meter, clock, logger } = options;
  // Assigned from callbacks, so held in an object: TypeScript would narrow a `let` to its initial null.
  const state: { report: FinishReport | null; stopped: Exhausted | null; nudged: boolean } = {
    report: null,
    stopped: null,
    nudged: false,
  };
  const tools = createTools({ ...options.tools, onFinish: (report) => (state.report = report) });
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
  try {
    const runner = client.beta.messages.toolRunner(
      {
        model: options.model,
        max_tokens: options.maxTokens ?? 16_000,
        system: [{ type: "text", text: options.system ?? SYSTEM_PROMPT, cache_control: { type: "ephemeral" } }],
        tools,
        messages: [{ role: "user", content: options.prompt }],
        cache_control: { type: "ephemeral" },
        thread: false,
        max_iterations: options.maxTurns + 1,
      },
      { signal: abort.signal },
    );
    for await (const message of runner) {
      meter.record(message.usage);
      logger.info("turn", { turn: meter.turns, stop_reason: message.stop_reason, usage: message.usage });
      if (message.stop_reason === "tool_use") {
        await runner.generateToolResponse();
      } else if (!state.report && !state.nudged) {
        state.nudged = true;
        const reply: BetaMessageParam = { role: "assistant", content: message.content };
        runner.pushMessages(reply, { role: "user", content: NUDGE });
      }
      if (state.report) return { stop: "finished", report: state.report };
      const stopped = meter.exhausted(clock.now());
      if (stopped) return { stop: stopped.reason, detail: stopped.detail, report: state.report };
    }
    return { stop: "finished", report: state.report };
  } catch (error) {
    const { stopped, report } = state;
    if (stopped) return { stop: stopped.reason, detail: stopped.detail, report };
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
