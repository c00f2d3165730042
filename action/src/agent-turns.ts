import type {
  BetaContentBlock,
  BetaMessageParam,
  BetaTextBlockParam,
  BetaThinkingConfigParam,
} from "@anthropic-ai/sdk/resources/beta";
import type { Thinking } from "../../src/protocol/brief.js";

/** What the model is told when it stops without calling finish (once). */
export const NUDGE =
  "You stopped without calling finish. Call finish now with a report on every item, even if some are FAILED.";

/** What the model is told when its reply hit `max_tokens`; its unfinished tool calls were not run. */
export const CUT_OFF =
  "Your last reply was cut off at the max_tokens limit, so its tool calls were not run. Take smaller steps: split a large file into several edit_file calls, or write it in parts.";

/** Appended to the last allowed turn's tool results. */
export const LAST_TURN =
  "This is your last turn: the turn budget is spent after it. Call finish now with a report on every item.";

/** Output tokens per reply: ≥ 32k, which only streaming requests may ask for (the SDK refuses more without). */
export const DEFAULT_MAX_TOKENS = 32_000;

/** The request fields `thinking` sets: the thinking config and a `max_tokens` that leaves room to answer. */
export function thinkingParams(
  thinking: Thinking | undefined,
  maxTokens: number,
): { max_tokens: number; thinking?: BetaThinkingConfigParam } {
  if (thinking === undefined || thinking === "off") return { max_tokens: maxTokens };
  if (thinking === "adaptive") return { max_tokens: maxTokens, thinking: { type: "adaptive" } };
  return { max_tokens: Math.max(maxTokens, thinking + 16_000), thinking: { type: "enabled", budget_tokens: thinking } };
}

/**
 * A reply cut off at `max_tokens`, as it goes back into the conversation: only its text. Its tool
 * calls (the last one's input is incomplete) are dropped, because a `tool_use` must be answered by a
 * `tool_result` in the next message, and a call that was never run has no honest result.
 */
export function cutReply(content: readonly BetaContentBlock[]): BetaMessageParam {
  const text = content.flatMap((b): BetaTextBlockParam[] =>
    b.type === "text" && b.text.trim() !== "" ? [{ type: "text", text: b.text }] : [],
  );
  return { role: "assistant", content: text.length > 0 ? text : [{ type: "text", text: "(reply cut off)" }] };
}

/** `messages` with `note` added as a text block to the last (user) message. */
export function withNote(messages: readonly BetaMessageParam[], note: string): BetaMessageParam[] {
  const last = messages.at(-1);
  if (last?.role !== "user") return [...messages, { role: "user", content: note }];
  const content = typeof last.content === "string" ? [{ type: "text" as const, text: last.content }] : last.content;
  return [...messages.slice(0, -1), { role: "user", content: [...(content ?? []), { type: "text", text: note }] }];
}

/** The prompt tokens a response's usage says its request had (uncached, cache writes and cache reads). */
export function promptTokens(usage: {
  input_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}): number {
  return usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
}

/** The text of a tool result's content. */
export function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((b: unknown) => (typeof b === "object" && b !== null && "text" in b ? String(b.text) : ""))
    .join("\n");
}
