/** Scripted Messages API replies: what the real SDK parses in place of Claude's answers. */

export interface ScriptedUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export const USAGE: ScriptedUsage = {
  input_tokens: 1200,
  output_tokens: 80,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

let counter = 0;

/** A `tool_use` block with a fresh id. */
export function toolUse(name: string, input: Record<string, unknown>) {
  counter += 1;
  return { type: "tool_use", id: `toolu_${counter}`, name, input };
}

/** A reply that calls one tool. */
export function toolCall(name: string, input: Record<string, unknown>, usage: ScriptedUsage = USAGE) {
  return reply([toolUse(name, input)], "tool_use", usage);
}

/** A reply that ends the turn with text. */
export function endTurn(text: string, usage: ScriptedUsage = USAGE) {
  return reply([{ type: "text", text }], "end_turn", usage);
}

/** The edit that does the test module's work: greet() says "Hello, <name>!". */
export function editGreet() {
  return toolCall("edit_file", {
    path: "src/greet.js",
    old_string: '"Hi " + name',
    new_string: '"Hello, " + name + "!"',
  });
}

/** `finish` with one FIXED item `work`. */
export function finishFixed(overrides: Record<string, unknown> = {}) {
  return toolCall("finish", {
    items: [
      {
        id: "work",
        status: "FIXED",
        changes_made: [{ file: "src/greet.js", change: "greet returns Hello, <name>!" }],
        problems_encountered: [],
        solution: "changed the template string",
        verification_command: "grep -q 'Hello, ' src/greet.js",
        hallucination_check: "grep -qF '\"Hello, \" + name' src/greet.js",
        ...overrides,
      },
    ],
  });
}

/** A reply of the given blocks and stop reason (e.g. thinking before a call, or a cut-off one). */
export function reply(content: unknown[], stopReason: string, usage: ScriptedUsage = USAGE) {
  counter += 1;
  return {
    id: `msg_${counter}`,
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-6",
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage,
  };
}
