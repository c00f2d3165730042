import { type ResponseItem, responseSse } from "./response-sse.js";

/** A scripted step in the built-in engine's terms (model.ts): a tool name and its input. */
export interface Step {
  name: string;
  input: Record<string, unknown>;
}

/** What the scripted model reads from a Responses API request body (Codex's). */
export interface ResponsesRequest {
  /** The user messages' text: the brief (and the report file's path) as Codex sent them. */
  prompt: string;
  /** `instructions`: Codex's own system prompt. */
  system: string;
  model: string | undefined;
}

interface InputItem {
  type?: string;
  role?: string;
  content?: { type?: string; text?: string }[] | string;
}

export function readResponsesRequest(body: Record<string, unknown>): ResponsesRequest {
  const input = Array.isArray(body.input) ? (body.input as InputItem[]) : [];
  const texts = input
    .filter((item) => item.role === "user")
    .map((item) =>
      typeof item.content === "string" ? item.content : (item.content ?? []).map((part) => part.text ?? "").join("\n"),
    );
  return {
    prompt: texts.join("\n\n"),
    system: typeof body.instructions === "string" ? body.instructions : "",
    model: typeof body.model === "string" ? body.model : undefined,
  };
}

/** The report file codex.ts names in its prompt (outside the checkout), or null when it is not there. */
export function reportFileIn(prompt: string): string | null {
  return /(\/[^\s"'\\]*conductor-report-[^\s"'\\]*\/report\.json)/.exec(prompt)?.[1] ?? null;
}

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/** A shell command writing `bytes` to `file` exactly (base64 carries any content through the argument). */
function writeCommand(file: string, bytes: Buffer): string {
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
  return `mkdir -p ${quote(dir)} && printf '%s' ${quote(bytes.toString("base64"))} | base64 -d > ${quote(file)}`;
}

/**
 * A built-in engine's step as Codex does it: every write and command through its shell tool
 * (`exec_command`), and `finish` as the report file written where the prompt says (codex.ts).
 */
export function asCodex(step: Step, reportFile: string | null): Step {
  const exec = (cmd: string): Step => ({ name: "exec_command", input: { cmd } });
  switch (step.name) {
    case "write_file":
      return exec(writeCommand(String(step.input.path), Buffer.from(String(step.input.content))));
    case "run_command":
      return exec(String(step.input.command));
    case "finish":
      // No path in the prompt: nothing to write to, and the attempt ends without a report (as it would).
      return exec(reportFile ? writeCommand(reportFile, Buffer.from(JSON.stringify(step.input))) : "true");
    default:
      return step;
  }
}

/** The streamed reply to one Codex request: the step's shell call, or "Done." when the script is over. */
export function codexResponse(step: Step | undefined, n: number, requestBytes: number): Response {
  const output: ResponseItem = step
    ? { type: "function_call", name: step.name, arguments: step.input }
    : { type: "message", text: "Done." };
  // The Messages fake's density: prompt tokens as a third of the request's bytes.
  const usage = { input_tokens: Math.ceil(requestBytes / 3), output_tokens: 200 };
  return new Response(responseSse(output, n, usage), {
    status: 200,
    headers: { "content-type": "text/event-stream" },
  });
}
