import type { ScriptStep } from "./fake-responses-api.js";
import { finishFixed, toolCall } from "./transcript.js";

// Scripted replies for the CLI engines' end-to-end tests (test/action/engines/).

/** `finish` as Claude Code names the in-process MCP tool (claude-code.ts). */
export function claudeFinish(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const finish = finishFixed(overrides) as { content: { name: string }[] };
  for (const block of finish.content) block.name = "mcp__conductor__finish";
  return finish;
}

/** Claude Code's last reply: text and `end_turn`, after which its run ends. */
export const CLAUDE_DONE = {
  ...toolCall("Write", {}),
  content: [{ type: "text", text: "Done." }],
  stop_reason: "end_turn",
};

export const GREET = 'export function greet(name) {\n  return "Hello, " + name + "!";\n}\n';

/** A Codex shell call (its `exec_command` tool). */
export const exec = (cmd: string) => ({ type: "function_call" as const, name: "exec_command", arguments: { cmd } });

export const CODEX_ITEM = {
  id: "work",
  status: "FIXED",
  changes_made: [{ file: "src/greet.js", change: "greet returns Hello, <name>!" }],
  problems_encountered: [],
  solution: "changed the template string",
  verification_command: "grep -q 'Hello, ' src/greet.js",
  hallucination_check: "grep -qF '\"Hello, \" + name' src/greet.js",
};

/** Codex writes its report to the file its prompt names (codex.ts). */
export function codexReport(item: Record<string, unknown> = CODEX_ITEM): ScriptStep {
  return (text) => {
    const file = /(\/[^\s"\\]*conductor-report-[^\s"\\]*\/report\.json)/.exec(text)?.[1] ?? "missing";
    return exec(`cat > ${file} <<'EOF'\n${JSON.stringify({ items: [item] })}\nEOF`);
  };
}

export const CODEX_WRITE_GREET = exec(`printf '%s' '${GREET}' > src/greet.js`);
