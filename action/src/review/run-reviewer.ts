import type Anthropic from "@anthropic-ai/sdk";
import type { BetaTextBlockParam } from "@anthropic-ai/sdk/resources/beta";
import { DEFAULT_MAX_TOKENS } from "../agent-turns.js";
import type { BudgetMeter } from "../budget-meter.js";
import type { Clock } from "../deps.js";
import type { Logger } from "../logger.js";
import { describeApiError } from "../run-agent.js";
import { listFilesTool } from "../tools/list-files-tool.js";
import { readFileTool } from "../tools/read-file-tool.js";
import { searchTool } from "../tools/search-tool.js";
import type { ToolContext } from "../tools/tool-context.js";
import { REVIEW_SYSTEM_PROMPT } from "./review-prompt.js";
import { type SubmittedReview, submitReviewTool } from "./submit-review-tool.js";

/** How the reviewer's part ended. */
export type ReviewOutcome =
  | { stop: "finished"; review: SubmittedReview }
  | { stop: "budget" | "timeout" | "error"; detail: string };

export interface ReviewerOptions {
  client: Anthropic;
  prompt: string;
  model: string;
  meter: BudgetMeter;
  clock: Clock;
  logger: Logger;
  maxTurns: number;
  /** The read tools' context: no command runner reaches the reviewer (it refuses every call). */
  tools: ToolContext;
  /** Whether a comment on `path:line` lands on the diff's new side. */
  commentable: (path: string, line: number) => boolean;
}

/**
 * The review loop (docs/ai-review.md): the SDK's tool runner with the read-only tools — `read_file`,
 * `list_files`, `search` — and `submit_review` in place of `finish`. No tool writes a file or runs a
 * command, so the reviewer cannot change the work it judges; the publish job checks that anyway.
 */
export async function runReviewer(options: ReviewerOptions): Promise<ReviewOutcome> {
  const { client, meter, clock, logger, tools } = options;
  const state: { review: SubmittedReview | null } = { review: null };
  const toolset = [
    readFileTool(tools),
    listFilesTool(tools),
    searchTool(tools),
    {
      ...submitReviewTool(tools, options.commentable, (review) => (state.review = review)),
      cache_control: { type: "ephemeral" as const },
    },
  ];
  const system: BetaTextBlockParam[] = [
    { type: "text", text: REVIEW_SYSTEM_PROMPT, cache_control: { type: "ephemeral" } },
  ];
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), Math.min(2 ** 31 - 1, Math.max(0, tools.remainingMs())));
  try {
    const runner = client.beta.messages.toolRunner(
      {
        model: options.model,
        max_tokens: DEFAULT_MAX_TOKENS,
        system,
        tools: toolset,
        messages: [{ role: "user", content: options.prompt }],
        stream: true,
        max_iterations: options.maxTurns,
      },
      { signal: abort.signal },
    );
    for await (const stream of runner) {
      const message = await stream.finalMessage();
      meter.record(message.usage);
      logger.info("review turn", { turn: meter.turns, stop_reason: message.stop_reason });
      // The tools run now rather than at the end of the loop body, so a submitted review ends the loop
      // without another request (the SDK keeps the response for the runner).
      if (message.stop_reason === "tool_use") await runner.generateToolResponse();
      if (state.review) return { stop: "finished", review: state.review };
      const stopped = meter.exhausted(clock.now());
      if (stopped) return { stop: stopped.reason, detail: stopped.detail };
    }
  } catch (error) {
    if (!state.review) {
      const stopped = meter.exhausted(clock.now());
      return stopped
        ? { stop: stopped.reason, detail: stopped.detail }
        : { stop: "error", detail: describeApiError(error) };
    }
  } finally {
    clearTimeout(timer);
  }
  if (state.review) return { stop: "finished", review: state.review };
  return { stop: "budget", detail: "the reviewer stopped without calling submit_review" };
}
