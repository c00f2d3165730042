import { homedir } from "node:os";
import path from "node:path";
import type { Brief } from "../../src/protocol/brief.js";
import type { RequestGate } from "./engines/budget-gate.js";
import { budgetGate } from "./engines/budget-gate.js";
import { runClaudeCode } from "./engines/claude-code.js";
import { runCodex } from "./engines/codex.js";
import { type CliEngine, installEngine } from "./engines/install-engine.js";
import { type KeyHeader, startKeyProxy } from "./engines/key-proxy.js";
import { type AgentOptions, type AgentOutcome, describeApiError, runAgent } from "./run-agent.js";
import type { CommandSandbox } from "./sandbox/command-sandbox.js";
import { memoryTranscript } from "./transcript.js";

/** What a CLI engine needs besides the built-in engine's options. */
export interface EngineExtras {
  brief: Brief;
  apiKey: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The command sandbox the CLI itself runs in (cli-tools.ts). */
  sandbox: CommandSandbox;
}

/**
 * The engine seam (DESIGN §8): the brief's engine does the model's part of the attempt and answers the
 * same outcome as the built-in loop, so the harness, commit, publish and result do not depend on it.
 * A CLI engine that cannot be installed or reached ends the attempt with stop reason `error`.
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
      const upstream = extras.env.ANTHROPIC_BASE_URL ?? "https://api.anthropic.com";
      return withCli(engine, extras, extras.apiKey, upstream, "x-api-key", (packageDir, baseUrl, dir) =>
        runClaudeCode({
          ...options,
          tools: { ...options.tools, sandbox: extras.sandbox, homeParent: dir },
          packageDir,
          baseUrl,
          maxBudgetUsd: extras.brief.budget.usd,
          transcript: options.transcript ?? memoryTranscript(),
          requireSandbox: extras.env.CONDUCTOR_CLAUDE_SANDBOX !== "optional",
        }),
      );
    }
    case "codex": {
      const secret = extras.brief.provider?.api_key_secret ?? "OPENAI_API_KEY";
      const apiKey = extras.env[secret];
      if (!apiKey) {
        const detail = `the codex engine needs its API key in the environment variable ${secret} (executor.provider.api_key_secret); the executor workflow must pass that secret`;
        return { stop: "error", detail, report: null };
      }
      // The configured provider, else OPENAI_BASE_URL from the workflow (as Codex itself reads it), else OpenAI.
      const upstream = extras.brief.provider?.base_url ?? extras.env.OPENAI_BASE_URL ?? "https://api.openai.com/v1";
      // `codex exec` has no turn or USD limit: the key proxy enforces the brief's (budget-gate.ts).
      const gate = budgetGate(options.meter, () => options.clock.now());
      return withCli(
        engine,
        extras,
        apiKey,
        upstream,
        "authorization-bearer",
        (packageDir, baseUrl, dir) =>
          runCodex({
            ...options,
            tools: { ...options.tools, sandbox: extras.sandbox, homeParent: dir },
            packageDir,
            baseUrl,
            budget: gate,
            transcript: options.transcript ?? memoryTranscript(),
          }),
        gate,
      );
    }
  }
}

const NAMES: Record<CliEngine, string> = { "claude-code": "Claude Code", codex: "Codex" };

/**
 * Installs the CLI (pinned, install-engine.ts), lets the sandbox user reach it, and runs it behind a key
 * proxy that holds the key (key-proxy.ts, docs/security.md#cli-engines).
 */
async function withCli(
  engine: CliEngine,
  extras: EngineExtras,
  key: string,
  upstream: string,
  header: KeyHeader,
  run: (packageDir: string, baseUrl: string, dir: string) => Promise<AgentOutcome>,
  gate?: RequestGate,
): Promise<AgentOutcome> {
  if (extras.brief.network === "none") {
    const detail = `executor.network: none leaves ${NAMES[engine]} no way to reach its API (it runs inside the network namespace with its commands); use executor.network: open or the builtin engine`;
    return { stop: "error", detail, report: null };
  }
  const dir = enginesDir(extras.env);
  const installed = await installEngine(engine, dir)
    .then(async (packageDir) => {
      await extras.sandbox.reach(path.join(dir, "node_modules"));
      return packageDir;
    })
    .catch((error: unknown) => error);
  if (typeof installed !== "string") {
    return {
      stop: "error",
      detail: `installing ${NAMES[engine]} failed: ${describeApiError(installed)}`,
      report: null,
    };
  }
  const proxy = await startKeyProxy(upstream, key, header, gate);
  try {
    return await run(installed, proxy.url, dir);
  } finally {
    await proxy.close();
  }
}

/**
 * Where CLI engines are installed: `CONDUCTOR_ENGINES_DIR`, else the runner's tool cache, else
 * `~/.cache`. Never RUNNER_TEMP, which the command sandbox covers with an empty tmpfs (the CLI runs in
 * it), nor /tmp, which the CLIs' own sandboxes replace for their commands.
 */
export function enginesDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.CONDUCTOR_ENGINES_DIR) return env.CONDUCTOR_ENGINES_DIR;
  if (env.RUNNER_TOOL_CACHE) return path.join(env.RUNNER_TOOL_CACHE, "conductor-engines");
  return path.join(env.HOME ?? homedir(), ".cache", "conductor-engines");
}
