import { apiError, messageSse } from "../../../sandbox/world/message-sse.js";
import { createCacheModel, type PromptBody } from "./cached-prefix.js";

/**
 * The Messages API (`POST /v1/messages`) as the executor's tests and benchmark meet it, behind any
 * transport (nock, the local HTTP server): it answers each request with the next scripted reply,
 * streamed as server-sent events when the request asks for `stream: true`, and refuses what the real
 * API refuses with the same 400 messages:
 * - a prompt longer than the context window ("prompt is too long: N tokens > W maximum");
 * - a `tool_use` block not answered by a `tool_result` in the next message;
 * - extended thinking together with a `tool_choice` that forces a tool.
 * Prompt tokens are counted as bytes of the serialized tools, system blocks and messages divided by
 * `bytesPerToken` (default 3, denser than English prose, as code is). A scripted reply without `usage`
 * gets usage from that count and the prompt-cache model of cached-prefix.ts (everything up to the last
 * breakpoint that was not read is written), and output tokens by the same count of its content.
 */
export interface MessagesFakeOptions {
  /** Context window in tokens; default 200,000. */
  window?: number;
  bytesPerToken?: number;
}

/** One request the fake answered (or refused). */
export interface SeenRequest {
  body: MessagesRequest;
  /** Prompt tokens as the fake counts them. */
  promptTokens: number;
  status: number;
  /** The error message of a refused request. */
  error?: string;
}

export interface MessagesRequest extends PromptBody {
  model?: string;
  max_tokens?: number;
  stream?: boolean;
  thinking?: { type: string; budget_tokens?: number };
  tool_choice?: { type: string; name?: string };
}

export interface FakeAnswer {
  status: number;
  contentType: string;
  text: string;
}

export interface MessagesFake {
  answer(bodyText: string): FakeAnswer;
  seen: SeenRequest[];
  /** Requests made after the script ran out. */
  exhausted: number;
}

/** A fake serving `replies` in order. */
export function createMessagesFake(
  replies: readonly Record<string, unknown>[],
  options: MessagesFakeOptions = {},
): MessagesFake {
  const window = options.window ?? 200_000;
  const perToken = options.bytesPerToken ?? 3;
  const cache = createCacheModel(perToken);
  const fake: MessagesFake = { answer, seen: [], exhausted: 0 };
  let next = 0;
  function answer(bodyText: string): FakeAnswer {
    const body = JSON.parse(bodyText) as MessagesRequest;
    const promptTokens = createCacheModel(perToken).add(body).prompt;
    const refusal = refuse(body, promptTokens, window);
    if (refusal) {
      fake.seen.push({ body, promptTokens, status: 400, error: refusal });
      return json(400, apiError("invalid_request_error", refusal));
    }
    const reply = replies[next++];
    if (!reply) {
      fake.exhausted += 1;
      fake.seen.push({ body, promptTokens, status: 400, error: "script exhausted" });
      return json(400, apiError("invalid_request_error", "script exhausted"));
    }
    const { read } = cache.add(body);
    fake.seen.push({ body, promptTokens, status: 200 });
    const usage = reply.usage ?? {
      input_tokens: 0,
      output_tokens: Math.ceil(Buffer.byteLength(JSON.stringify(reply.content ?? [])) / perToken),
      cache_creation_input_tokens: promptTokens - read,
      cache_read_input_tokens: read,
    };
    const message = { ...reply, usage };
    if (body.stream) return { status: 200, contentType: "text/event-stream", text: messageSse(message) };
    return json(200, JSON.stringify(message));
  }
  return fake;
}

function json(status: number, text: string): FakeAnswer {
  return { status, contentType: "application/json", text };
}

function refuse(body: MessagesRequest, promptTokens: number, window: number): string | null {
  if (promptTokens > window) return `prompt is too long: ${promptTokens} tokens > ${window} maximum`;
  const forced = body.tool_choice?.type === "any" || body.tool_choice?.type === "tool";
  if (forced && body.thinking?.type === "enabled")
    return "Thinking may not be enabled when tool_choice forces tool use.";
  const messages = body.messages as {
    role: string;
    content: string | { type: string; id?: string; tool_use_id?: string }[];
  }[];
  for (const [i, message] of messages.entries()) {
    if (message.role !== "assistant" || typeof message.content === "string") continue;
    const calls = message.content.filter((b) => b.type === "tool_use").map((b) => b.id);
    if (calls.length === 0) continue;
    const after = messages[i + 1]?.content;
    const answered = new Set(
      typeof after === "string" || !after
        ? []
        : after.filter((b) => b.type === "tool_result").map((b) => b.tool_use_id),
    );
    const missing = calls.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      return `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return null;
}
