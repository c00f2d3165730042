/**
 * A finished Messages API reply, told as the API streams it (`stream: true`): server-sent events
 * `message_start`, per block `content_block_start` / deltas / `content_block_stop`, `message_delta`
 * with the stop reason and output usage, and `message_stop`. The fakes of the Messages API (the
 * sandbox's scripted model, the action tests' HTTP fakes) answer with this text, so the real SDK's
 * stream parser assembles every reply the executor sees.
 *
 * A reply whose `stop_reason` is `max_tokens` and whose last block is a `tool_use` is cut off inside
 * that block, as the API does when the limit falls mid tool call: only the first half of the call's
 * input JSON is sent.
 */

/** The SSE text of `message` (a Messages API `Message`), in small deltas as the API sends them. */
export function messageSse(message: Record<string, unknown>): string {
  const events: string[] = [];
  const emit = (type: string, data: Record<string, unknown>) =>
    events.push(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const { content: blocks, usage: given, stop_reason, stop_sequence = null, ...rest } = message;
  const content = (Array.isArray(blocks) ? blocks : []).map(asRecord);
  const usage = asRecord(given);
  emit("message_start", {
    message: {
      ...rest,
      type: "message",
      role: "assistant",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  emit("ping", {});
  const cutLast = stop_reason === "max_tokens" && content.at(-1)?.type === "tool_use";
  for (const [index, block] of content.entries()) {
    const cut = cutLast && index === content.length - 1;
    for (const [type, data] of blockEvents(block, cut)) emit(type, { index, ...data });
  }
  emit("message_delta", {
    delta: { stop_reason, stop_sequence },
    usage: { output_tokens: typeof usage.output_tokens === "number" ? usage.output_tokens : 0 },
  });
  emit("message_stop", {});
  return events.join("");
}

/** An API error as the streaming endpoint sends it before any event: a JSON body with a status. */
export function apiError(type: string, message: string): string {
  return JSON.stringify({ type: "error", error: { type, message } });
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function blockEvents(block: Record<string, unknown>, cut: boolean): [string, Record<string, unknown>][] {
  const stop: [string, Record<string, unknown>] = ["content_block_stop", {}];
  const deltas = (kind: string, field: string, text: string) =>
    chunks(text).map((piece): [string, Record<string, unknown>] => [
      "content_block_delta",
      { delta: { type: kind, [field]: piece } },
    ]);
  switch (block.type) {
    case "text":
      return [
        ["content_block_start", { content_block: { type: "text", text: "" } }],
        ...deltas("text_delta", "text", String(block.text ?? "")),
        stop,
      ];
    case "thinking":
      return [
        ["content_block_start", { content_block: { type: "thinking", thinking: "", signature: "" } }],
        ...deltas("thinking_delta", "thinking", String(block.thinking ?? "")),
        ["content_block_delta", { delta: { type: "signature_delta", signature: String(block.signature ?? "") } }],
        stop,
      ];
    case "tool_use": {
      const json = JSON.stringify(block.input ?? {});
      const sent = cut ? json.slice(0, Math.floor(json.length / 2)) : json;
      return [
        ["content_block_start", { content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } }],
        ...deltas("input_json_delta", "partial_json", sent),
        stop,
      ];
    }
    default:
      return [["content_block_start", { content_block: block }], stop];
  }
}

/** `text` in pieces of at most 64 characters (at least one piece, possibly empty). */
function chunks(text: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += 64) pieces.push(text.slice(i, i + 64));
  return pieces.length > 0 ? pieces : [""];
}
