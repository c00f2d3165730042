/**
 * The part of `@anthropic-ai/claude-agent-sdk` the claude-code engine uses, typed here because the
 * package is installed at job time (install-engine.ts), not a dependency of the action: its types are
 * not there when the action is compiled. Checked against the pinned version's sdk.d.ts.
 */
export interface ClaudeAgentSdk {
  query(params: { prompt: string; options: Record<string, unknown> }): AsyncIterable<SdkMessage>;
  tool(
    name: string,
    description: string,
    shape: unknown,
    handler: (input: unknown) => Promise<{ content: { type: "text"; text: string }[]; isError?: boolean }>,
    /** `alwaysLoad`: offered to the model from the first turn, not deferred behind ToolSearch. */
    extras?: { alwaysLoad?: boolean },
  ): unknown;
  createSdkMcpServer(options: { name: string; tools: unknown[] }): unknown;
}

/** The messages the engine reads; every other kind passes by. */
export type SdkMessage =
  | {
      type: "assistant";
      message?: { id: string; usage: unknown; content?: unknown[]; stop_reason?: string | null };
    }
  | {
      type: "result";
      subtype: string;
      num_turns: number;
      total_cost_usd: number;
      errors?: string[];
      /** The main loop's total usage. */
      usage?: { output_tokens: number };
    }
  | { type: "system" | "user" | "stream_event" | "tool_progress" };
