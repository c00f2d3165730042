/** One output item of a Responses API reply: an assistant message or a function (tool) call. */
export type ResponseItem =
  | { type: "message"; text: string }
  | { type: "function_call"; name: string; arguments: Record<string, unknown> };

/**
 * A finished OpenAI Responses API reply (`POST /v1/responses` with `stream: true`), told as the API
 * streams it: `response.created`, `response.output_item.added`, text deltas for a message,
 * `response.output_item.done` and `response.completed` with the usage. The sandbox's scripted model
 * answers Codex with this text, so the real `codex exec` parses every reply (docs/simulate.md#engines).
 * A function call's `arguments` is the JSON text the API sends.
 */
export function responseSse(
  output: ResponseItem,
  n: number,
  usage: { input_tokens: number; output_tokens: number },
): string {
  const events: string[] = [];
  const emit = (type: string, data: Record<string, unknown>) =>
    events.push(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const id = `resp_scripted_${n}`;
  const item =
    output.type === "message"
      ? {
          type: "message",
          id: `msg_scripted_${n}`,
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: output.text, annotations: [] }],
        }
      : {
          type: "function_call",
          id: `fc_scripted_${n}`,
          call_id: `call_scripted_${n}`,
          name: output.name,
          arguments: JSON.stringify(output.arguments),
          status: "completed",
        };
  emit("response.created", { response: { id, object: "response", status: "in_progress", output: [] } });
  emit("response.output_item.added", { output_index: 0, item });
  if (output.type === "message") {
    emit("response.output_text.delta", { output_index: 0, content_index: 0, item_id: item.id, delta: output.text });
  }
  emit("response.output_item.done", { output_index: 0, item });
  emit("response.completed", {
    response: {
      id,
      object: "response",
      status: "completed",
      output: [item],
      usage: {
        input_tokens: usage.input_tokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: usage.output_tokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.input_tokens + usage.output_tokens,
      },
    },
  });
  return events.join("");
}
