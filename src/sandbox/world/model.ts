import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Brief } from "../../spec/brief.js";
import { resolveUnion } from "./resolve-union.js";
import { solutionContent } from "./solution-content.js";

/** What the scripted model does in one attempt. */
export interface ModelScript {
  brief: Brief;
  /** The checkout the executor works in (read for conflicted files in `resolve_conflict` mode). */
  workspace: string;
  /** Files to write (path → content) in `implement` mode. */
  files: Readonly<Record<string, string>>;
  /** Write code whose tests fail (the `--fail MODULE@ATTEMPT` of `conductor simulate`). */
  broken: boolean;
}

/** A scripted Messages API: `fetch` for the Anthropic client, and the prompts it was sent. */
export interface ScriptedModel {
  fetch: typeof fetch;
  /** The first user message of each request, as text: the brief as the model saw it. */
  prompts: string[];
  requests: number;
}

const USAGE = { input_tokens: 1500, output_tokens: 200, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

/**
 * A stand-in for Claude behind the real SDK and the executor's real agent loop: it writes the prepared
 * files one `write_file` per turn (or, resolving a conflict, every conflicted file with both sides
 * kept), then calls `finish` with a FIXED report for every brief item.
 */
export function scriptedModel(script: ModelScript): ScriptedModel {
  let steps: { name: string; input: Record<string, unknown> }[] | null = null;
  const model: ScriptedModel = { fetch: answer, prompts: [], requests: 0 };
  async function answer(_url: string | URL | Request, init?: RequestInit): Promise<Response> {
    const body = JSON.parse(typeof init?.body === "string" ? init.body : "{}") as {
      model?: string;
      messages?: { content: unknown }[];
    };
    model.requests += 1;
    const first = body.messages?.[0]?.content;
    model.prompts.push(typeof first === "string" ? first : JSON.stringify(first ?? ""));
    steps ??= plan(script);
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
    return new Response(JSON.stringify(message), { status: 200, headers: { "content-type": "application/json" } });
  }
  return model;
}

function plan(script: ModelScript): { name: string; input: Record<string, unknown> }[] {
  const { brief } = script;
  const writes =
    brief.mode === "resolve_conflict"
      ? conflicted(script.workspace).map((path) => ({
          path,
          content: resolveUnion(readFileSync(join(script.workspace, path), "utf8")),
        }))
      : Object.entries(script.files).map(([path, solution]) => {
          const content = solutionContent(script.workspace, path, solution);
          return { path, content: script.broken && !isTest(path) ? breakCode(content, brief) : content };
        });
  const changed = writes.map((w) => w.path);
  const check = changed[0] ? `test -f ${changed[0]}` : "true";
  const items = brief.items.map((item) => ({
    id: item.id,
    status: changed.length > 0 ? "FIXED" : "NO_CHANGE_NEEDED",
    changes_made: changed.map((file) => ({ file, change: `wrote ${file}` })),
    problems_encountered: "",
    solution: brief.mode === "resolve_conflict" ? "kept both sides of every conflict" : "wrote the module's files",
    verification_command: item.verification || check,
    hallucination_check: check,
  }));
  return [...writes.map((input) => ({ name: "write_file", input })), { name: "finish", input: { items } }];
}

const isTest = (path: string) => /(^|\/)test\/|\.test\.[cm]?[jt]s$/.test(path);

/** The module's code with a bug that makes its tests fail, as a real model's first try sometimes does. */
function breakCode(content: string, brief: Brief): string {
  return `${content}\nthrow new Error("scripted bug: ${brief.module} attempt ${brief.attempt} fails its tests");\n`;
}

/** Files with unresolved conflicts in the checkout. */
function conflicted(workspace: string): string[] {
  const out = execFileSync("git", ["diff", "--name-only", "--diff-filter=U"], { cwd: workspace, encoding: "utf8" });
  return out.split("\n").filter((line) => line.length > 0);
}
