import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The OpenAI Responses API (`POST /v1/responses`, `stream: true`) as Codex meets it: each request is
 * answered with the next scripted output item, streamed as the API streams it (`response.created`,
 * `response.output_item.added` / `.done`, text deltas, `response.completed` with usage), so the real
 * Codex CLI parses every reply. A function call's `arguments` is the JSON text the API sends.
 */
export type ScriptedOutput =
  | { type: "message"; text: string }
  | { type: "function_call"; name: string; arguments: Record<string, unknown> };

export interface ResponsesFake {
  url: string;
  /** performance.now() when each request arrived. */
  arrivals: number[];
  /** The request bodies, in order. */
  seen: Record<string, unknown>[];
  /** The `authorization` header of each request: the key the provider would see. */
  keys: string[];
  problems: string[];
  close(): Promise<void>;
}

/** A scripted step: an output, or one made from the request's text (as a model reads its prompt). */
export type ScriptStep = ScriptedOutput | ((requestText: string) => ScriptedOutput);

export async function startResponsesFake(script: readonly ScriptStep[]): Promise<ResponsesFake> {
  const seen: Record<string, unknown>[] = [];
  const problems: string[] = [];
  const arrivals: number[] = [];
  const keys: string[] = [];
  const server = createServer(async (req, res) => {
    arrivals.push(performance.now());
    let text = "";
    for await (const chunk of req) text += String(chunk);
    if (req.method !== "POST" || !req.url?.endsWith("/responses")) {
      problems.push(`unmatched request: ${req.method} ${req.url}`);
      res.writeHead(404, { "content-type": "application/json" }).end("{}");
      return;
    }
    const body = JSON.parse(text) as Record<string, unknown>;
    seen.push(body);
    keys.push(String(req.headers.authorization ?? ""));
    const step = script[seen.length - 1];
    const output = typeof step === "function" ? step(text) : step;
    if (!output) {
      problems.push(`script exhausted at request ${seen.length}`);
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "script exhausted" } }));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" }).end(responseSse(output, seen.length, text.length));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    arrivals,
    seen,
    keys,
    problems,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function responseSse(output: ScriptedOutput, n: number, requestBytes: number): string {
  const events: string[] = [];
  const emit = (type: string, data: Record<string, unknown>) =>
    events.push(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const id = `resp_${n}`;
  const item =
    output.type === "message"
      ? {
          type: "message",
          id: `msg_${n}`,
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: output.text, annotations: [] }],
        }
      : {
          type: "function_call",
          id: `fc_${n}`,
          call_id: `call_${n}`,
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
  // Prompt tokens as bytes / 3 of the request, output tokens as bytes / 3 of the item (the Messages fake's density).
  const input = Math.ceil(requestBytes / 3);
  const out = Math.ceil(JSON.stringify(item).length / 3);
  emit("response.completed", {
    response: {
      id,
      object: "response",
      status: "completed",
      output: [item],
      usage: {
        input_tokens: input,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: out,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: input + out,
      },
    },
  });
  return events.join("");
}
