import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Brief } from "../../src/protocol/brief.js";
import { asCodex, codexResponse, readResponsesRequest, reportFileIn, type Step } from "./codex-reply.js";
import { messageSse } from "./message-sse.js";
import { resolveUnion } from "./resolve-union.js";
import { type FailureKind, isTestFile, withBug } from "./scripted-bug.js";
import { solutionContent } from "./solution-content.js";

/** What the scripted model does in one attempt. */
export interface ModelScript {
  brief: Brief;
  /** The checkout the executor works in (read for conflicted files in `resolve_conflict` mode). */
  workspace: string;
  /** Files to write (path → bytes) in `implement` mode. */
  files: Readonly<Record<string, Buffer>>;
  /**
   * Go wrong this way (the `--fail MODULE@ATTEMPT[:KIND]` of `conductor simulate`); absent: do it right. In
   * mode `review`, `review` makes the reviewer request changes; otherwise it approves.
   */
  failure?: Exclude<FailureKind, "crash"> | undefined;
  /**
   * Whose tools the replies call: the built-in engine's (default), Claude Code's, or Codex's, which
   * are served as the Responses API (`--engine`, codex-reply.ts).
   */
  engine?: "builtin" | "claude-code" | "codex";
}

/** A scripted Messages API (or Responses API, for Codex): `fetch` for the client, and the prompts it was sent. */
export interface ScriptedModel {
  fetch: typeof fetch;
  /** The first user message of each request, as text: the brief as the model saw it. */
  prompts: string[];
  /** The system prompt of each request, as text (the executor's, with the module's role). */
  systems: string[];
  requests: number;
}

const USAGE = { input_tokens: 1500, output_tokens: 200, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

/**
 * A stand-in for Claude behind the real SDK and the executor's real agent loop: it writes the prepared
 * files one tool call per turn — `write_file` for text, a `run_command` that decodes base64 for binary
 * files, which `write_file` cannot carry — (or, resolving a conflict, every conflicted file with both
 * sides kept), then calls `finish` with a FIXED report for every brief item.
 */
export function scriptedModel(script: ModelScript): ScriptedModel {
  let steps: Step[] | null = null;
  const model: ScriptedModel = { fetch: answer, prompts: [], systems: [], requests: 0 };
  async function answer(_url: string | URL | Request, init?: RequestInit): Promise<Response> {
    if (script.engine === "codex") return answerCodex(typeof init?.body === "string" ? init.body : "{}");
    const body = JSON.parse(typeof init?.body === "string" ? init.body : "{}") as {
      model?: string;
      stream?: boolean;
      messages?: { content: unknown }[];
      system?: { text?: string }[] | string;
    };
    model.requests += 1;
    const first = body.messages?.[0]?.content;
    model.prompts.push(typeof first === "string" ? first : JSON.stringify(first ?? ""));
    const system = body.system;
    model.systems.push(
      typeof system === "string" ? system : (system ?? []).map((block) => block.text ?? "").join("\n"),
    );
    steps ??=
      script.brief.mode === "review"
        ? reviewPlan(script, model.prompts[0] ?? "")
        : plan(script).map((step) => (script.engine === "claude-code" ? asClaudeCode(step) : step));
    const step = steps.shift();
    const n = model.requests;
    const content = step
      ? [{ type: "tool_use", id: `toolu_scripted_${n}`, name: step.name, input: step.input }]
      : [{ type: "text", text: "Done." }];
    const message = {
      id: `msg_scripted_${n}`,
      type: "message",
      role: "assistant",
      model: body.model ?? "claude-sonnet-4-6",
      content,
      stop_reason: step ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: USAGE,
    };
    // The API streams when asked to (the executor always asks), and the SDK parses the events.
    if (body.stream) {
      return new Response(messageSse(message), { status: 200, headers: { "content-type": "text/event-stream" } });
    }
    return new Response(JSON.stringify(message), { status: 200, headers: { "content-type": "application/json" } });
  }
  // Codex's requests: the same plan, each step as its shell call, `finish` as the report file.
  function answerCodex(text: string): Response {
    const request = readResponsesRequest(JSON.parse(text) as Record<string, unknown>);
    model.requests += 1;
    model.prompts.push(request.prompt);
    model.systems.push(request.system);
    const reportFile = reportFileIn(request.prompt);
    steps ??= plan(script).map((step) => asCodex(step, reportFile));
    return codexResponse(steps.shift(), model.requests, text.length);
  }
  return model;
}

function plan(script: ModelScript): Step[] {
  const { brief } = script;
  const writes =
    brief.mode === "resolve_conflict"
      ? conflicted(script.workspace).map((path) => ({
          path,
          content: resolveUnion(readFileSync(join(script.workspace, path), "utf8")),
        }))
      : scriptedWrites(script);
  const changed = writes.map((w) => w.path);
  const check = changed[0] ? `test -f ${changed[0]}` : "true";
  const items = brief.items.map((item) => ({
    id: item.id,
    status: changed.length > 0 ? "FIXED" : "NO_CHANGE_NEEDED",
    changes_made: changed.map((file) => ({ file, change: `wrote ${file}` })),
    problems_encountered: [],
    solution: brief.mode === "resolve_conflict" ? "kept both sides of every conflict" : "wrote the module's files",
    verification_command: item.verification || check,
    hallucination_check: check,
  }));
  return [...writes.map(toolCall), { name: "finish", input: { items } }];
}

type Write = { path: string; content: string } | { path: string; bytes: Buffer };

/** The solution's files as the attempt writes them: as prepared, or gone wrong the scripted way. */
function scriptedWrites(script: ModelScript): Write[] {
  const { brief, failure } = script;
  const why = `scripted bug: ${brief.module} attempt ${brief.attempt} fails its tests`;
  const writes: Write[] = [];
  for (const [path, bytes] of Object.entries(script.files)) {
    const test = isTestFile(path);
    if (failure === "missing" && !test) continue;
    const text = utf8(bytes);
    if (text === null) writes.push({ path, bytes: failure === "tests" && !test ? Buffer.from(why) : bytes });
    else {
      // On a file another module already changed, the module's own change is applied to it (solution-content.ts).
      const content = solutionContent(script.workspace, path, text);
      writes.push({ path, content: failure === "tests" && !test ? withBug(path, content, why) : content });
    }
  }
  return writes;
}

/** The text of `bytes`, or null when they are not UTF-8 text (a NUL, or an invalid sequence). */
function utf8(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

function toolCall(write: Write): { name: string; input: Record<string, unknown> } {
  if ("content" in write) return { name: "write_file", input: write };
  const dir = write.path.includes("/") ? write.path.slice(0, write.path.lastIndexOf("/")) : ".";
  const command = `mkdir -p ${quote(dir)} && printf '%s' ${quote(write.bytes.toString("base64"))} | base64 -d > ${quote(write.path)}`;
  return { name: "run_command", input: { command } };
}

/** A built-in engine's tool call as Claude Code's tools take it (action/src/engines/claude-code.ts). */
function asClaudeCode(step: { name: string; input: Record<string, unknown> }): {
  name: string;
  input: Record<string, unknown>;
} {
  switch (step.name) {
    case "write_file":
      return { name: "Write", input: { file_path: step.input.path, content: step.input.content } };
    case "run_command":
      return { name: "Bash", input: { command: step.input.command } };
    case "finish":
      return { name: "mcp__conductor__finish", input: step.input };
    default:
      return step;
  }
}

/** Files with unresolved conflicts in the checkout. */
function conflicted(workspace: string): string[] {
  const out = execFileSync("git", ["diff", "--name-only", "--diff-filter=U"], { cwd: workspace, encoding: "utf8" });
  return out.split("\n").filter((line) => line.length > 0);
}

/**
 * The scripted reviewer (docs/ai-review.md): reads the first file the diff in its prompt touches, then
 * submits — approve, or with a `review` failure request changes with a comment on the first line that diff
 * adds, which is a line GitHub accepts a comment on.
 */
function reviewPlan(script: ModelScript, prompt: string): { name: string; input: Record<string, unknown> }[] {
  const diff = /```diff\n([\s\S]*?)\n```/.exec(prompt)?.[1] ?? "";
  const added = firstAddedLine(diff);
  const read = added ? [{ name: "read_file", input: { path: added.path } }] : [];
  if (script.failure !== "review" || !added) {
    return [
      ...read,
      { name: "submit_review", input: { verdict: "approve", summary: "The change does what the brief asks." } },
    ];
  }
  const why = `scripted review: ${script.brief.module} attempt ${script.brief.review?.author_attempt} needs another pass`;
  return [
    ...read,
    {
      name: "submit_review",
      input: {
        verdict: "request_changes",
        summary: `${why}: ${added.path} needs a second look.`,
        comments: [{ path: added.path, line: added.line, body: "Please check this line again." }],
      },
    },
  ];
}

/** The first line a unified diff adds, with its path and new-file line number. */
function firstAddedLine(diff: string): { path: string; line: number } | null {
  let path: string | null = null;
  let line = 0;
  for (const text of diff.split("\n")) {
    if (text.startsWith("+++ ")) path = text.slice(4).replace(/^b\//, "");
    else if (text.startsWith("--- ")) continue;
    else {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
      if (hunk) line = Number(hunk[1]);
      else if (text.startsWith("+") && path && path !== "/dev/null" && line > 0) return { path, line };
      else if (text.startsWith(" ")) line += 1;
    }
  }
  return null;
}
