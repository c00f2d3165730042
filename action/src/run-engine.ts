import path from "node:path";
import type { Brief } from "../../src/spec/brief.js";
import { runClaudeCode } from "./engines/claude-code.js";
import { runCodex } from "./engines/codex.js";
import { installEngine } from "./engines/install-engine.js";
import { type AgentOptions, type AgentOutcome, describeApiError, runAgent } from "./run-agent.js";
import { memoryTranscript } from "./transcript.js";

/** What a CLI engine needs besides the built-in engine's options. */
export interface EngineExtras {
  brief: Brief;
  apiKey: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The scrubbed environment a CLI engine and its commands start with (cli-tools.ts). */
  commandEnv: Record<string, string>;
}

/**
 * The engine seam (DESIGN §8): the brief's engine does the model's part of the attempt and answers the
 * same outcome as the built-in loop, so the harness, commit, publish and result do not depend on it.
 * A CLI engine that cannot be installed ends the attempt with stop reason `error` (infrastructure).
 */
export async function runEngine({
  engine: extras,
  ...options
}: AgentOptions & { engine: EngineExtras }): Promise<AgentOutcome> {
  const engine = extras.brief.engine ?? "builtin";
  switch (engine) {
    case "builtin":
      return runAgent(options);
    case "claude-code": {
      const packageDir = await installEngine("claude-code", enginesDir(extras.env)).catch((error: unknown) => error);
      if (typeof packageDir !== "string") {
        return {
          stop: "error",
          detail: `installing Claude Code failed: ${describeApiError(packageDir)}`,
          report: null,
        };
      }
      return runClaudeCode({
        ...options,
        tools: { ...options.tools, commandEnv: extras.commandEnv },
        packageDir,
        apiKey: extras.apiKey,
        ...(extras.env.ANTHROPIC_BASE_URL ? { baseUrl: extras.env.ANTHROPIC_BASE_URL } : {}),
        maxBudgetUsd: extras.brief.budget.usd,
        transcript: options.transcript ?? memoryTranscript(),
        requireSandbox: extras.env.CONDUCTOR_CLAUDE_SANDBOX !== "optional",
      });
    }
    case "codex": {
      const secret = extras.brief.provider?.api_key_secret ?? "OPENAI_API_KEY";
      const apiKey = extras.env[secret];
      if (!apiKey) {
        const detail = `the codex engine needs its API key in the environment variable ${secret} (executor.provider.api_key_secret); the executor workflow must pass that secret`;
        return { stop: "error", detail, report: null };
      }
      const packageDir = await installEngine("codex", enginesDir(extras.env)).catch((error: unknown) => error);
      if (typeof packageDir !== "string") {
        return { stop: "error", detail: `installing Codex failed: ${describeApiError(packageDir)}`, report: null };
      }
      const baseUrl = extras.brief.provider?.base_url;
      return runCodex({
        ...options,
        tools: { ...options.tools, commandEnv: extras.commandEnv },
        packageDir,
        apiKey,
        ...(baseUrl ? { baseUrl } : {}),
        transcript: options.transcript ?? memoryTranscript(),
      });
    }
  }
}

/** Where CLI engines are installed: `CONDUCTOR_ENGINES_DIR`, else the runner's temp directory. */
export function enginesDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.CONDUCTOR_ENGINES_DIR ?? path.join(env.RUNNER_TEMP ?? "/tmp", "conductor-engines");
}
