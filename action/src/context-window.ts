import type { BetaMessageParam } from "@anthropic-ai/sdk/resources/beta";

/**
 * Context management of the built-in engine (DESIGN §8 "Context is managed"; docs/executor.md#context).
 *
 * Decision: the executor clears old tool outputs itself, before each request, instead of asking the
 * API to (`context_management` edits) or summarizing (compaction). What is sent is then what counts
 * against the window, so the executor can prove each request fits before sending it and the benchmark
 * measures the real bytes; and the cleared placeholders are part of what is sent, so after a clearing
 * every later request starts with the same bytes again and reads them from the cache. Clearing works
 * in batches, like the API's `clear_at_least`: when a request would pass `trigger` tokens, the oldest
 * outputs are cleared until it is under `target`, so the cached prefix is broken rarely and for a
 * large gain. The tools, the system prompt (with the repository instructions) and the first message
 * (the brief) are never touched: that prefix is byte-identical on every turn.
 */

/** What stands in for a cleared tool output. Fixed text, so a cleared message never changes again. */
export const CLEARED =
  "[output cleared to keep the conversation inside the context window; run the tool again if you still need it]";

/** Every current Claude model has a 200k-token window (1M needs a beta header the executor does not send). */
export function contextWindowOf(_model: string): number {
  return 200_000;
}

/** How many tokens a number of prompt bytes is, calibrated on what the API counted for the last request. */
export interface TokenEstimator {
  tokens(bytes: number): number;
  /** Teaches the estimator the real count of a request of `bytes` bytes. */
  calibrate(bytes: number, tokens: number): void;
}

/**
 * Starts at 1 token per 3 bytes (code is denser than prose, which runs near 4) and then uses the ratio
 * the API reported, never below 1 per 5 bytes, with 5% to spare.
 */
export function createTokenEstimator(): TokenEstimator {
  let perByte = 1 / 3;
  return {
    tokens: (bytes) => Math.ceil(bytes * perByte * 1.05),
    calibrate(bytes, tokens) {
      if (bytes > 0 && tokens > 0) perByte = Math.max(1 / 5, tokens / bytes);
    },
  };
}

export interface FitOptions {
  /** Bytes of the tools and system blocks, which are sent with every request. */
  prefixBytes: number;
  estimator: TokenEstimator;
  /** Most prompt tokens a request may have (the window less the reply's `max_tokens`). */
  limit: number;
  /** Clear when a request would pass this… */
  trigger: number;
  /** …down to this. */
  target: number;
  /** The newest tool outputs are never cleared. */
  keepRecent: number;
}

export interface Fitted {
  messages: BetaMessageParam[];
  /** Tool outputs (and long tool inputs) cleared by this call. */
  cleared: number;
  estimatedTokens: number;
  /** Whether the request fits in `limit` even so. */
  fits: boolean;
}

/** `messages` made to fit (see the module comment); messages it does not change keep their identity. */
export function fitContext(messages: readonly BetaMessageParam[], options: FitOptions): Fitted {
  const { estimator } = options;
  let bytes = options.prefixBytes + byteLength(messages);
  const estimate = () => estimator.tokens(bytes);
  const out = [...messages];
  let cleared = 0;
  if (estimate() > options.trigger) {
    for (const spot of clearable(out, options.keepRecent)) {
      if (estimate() <= options.target) break;
      const message = out[spot.message];
      if (!message || !Array.isArray(message.content)) continue;
      const before = byteLength([message]);
      const content: unknown[] = [...message.content];
      content[spot.block] = spot.clear(content[spot.block]);
      out[spot.message] = { ...message, content } as BetaMessageParam;
      bytes -= before - byteLength([out[spot.message]]);
      cleared += 1;
    }
  }
  return { messages: out, cleared, estimatedTokens: estimate(), fits: estimate() <= options.limit };
}

interface Spot {
  message: number;
  block: number;
  clear(block: unknown): unknown;
}

/**
 * What may be cleared, oldest first: tool outputs, then the long string inputs of tool calls (a whole
 * file given to write_file). Never the first message, and never the `keepRecent` newest calls.
 */
function clearable(messages: readonly BetaMessageParam[], keepRecent: number): Spot[] {
  const results: Spot[] = [];
  const inputs: Spot[] = [];
  for (const [m, message] of messages.entries()) {
    if (m === 0 || !Array.isArray(message.content)) continue;
    for (const [b, block] of message.content.entries()) {
      if (block.type === "tool_result" && block.content !== CLEARED) {
        results.push({ message: m, block: b, clear: (old) => ({ ...(old as object), content: CLEARED }) });
      }
      if (block.type === "tool_use" && hasLongString(block.input)) {
        inputs.push({ message: m, block: b, clear: (old) => ({ ...(old as object), input: shortened(block.input) }) });
      }
    }
  }
  return [
    ...results.slice(0, Math.max(0, results.length - keepRecent)),
    ...inputs.slice(0, Math.max(0, inputs.length - keepRecent)),
  ];
}

const LONG = 400;

function hasLongString(input: unknown): boolean {
  return (
    typeof input === "object" &&
    input !== null &&
    Object.values(input).some((v) => typeof v === "string" && v.length > LONG)
  );
}

function shortened(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  return Object.fromEntries(
    Object.entries(input).map(([k, v]) =>
      typeof v === "string" && v.length > LONG ? [k, `[${v.length} characters cleared from the context]`] : [k, v],
    ),
  );
}

/** Bytes of the serialized messages, as they go into the request body. */
export function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
