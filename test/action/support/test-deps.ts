import Anthropic from "@anthropic-ai/sdk";
import { Octokit } from "@octokit/rest";
import { runGit } from "../../../action/src/default-deps.js";
import type { Deps } from "../../../action/src/deps.js";
import { formatLine, type LogFields, type Logger } from "../../../action/src/logger.js";
import { setupSandbox } from "../../../action/src/sandbox/command-sandbox.js";

/** What the action wrote: outputs, masks, the summary, the failure, and every log line. */
export interface Recorded {
  outputs: Record<string, string>;
  secrets: string[];
  summary: string;
  failed: string | null;
  logs: string[];
}

/**
 * Deps for `run` in a test: real git, real SDK clients (their HTTP is faked by the strict mock), a
 * recording logger and output sink. The Anthropic client retries quickly so the 529 test is fast.
 */
export function testDeps(
  workspace: string,
  env: Record<string, string | undefined>,
): { deps: Deps; recorded: Recorded } {
  const recorded: Recorded = { outputs: {}, secrets: [], summary: "", failed: null, logs: [] };
  const line = (level: string) => (message: string, fields?: LogFields) => {
    recorded.logs.push(`${level} ${formatLine(message, fields)}`);
  };
  const logger: Logger = { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
  const deps: Deps = {
    makeOctokit: (token) => new Octokit({ auth: token }),
    makeAnthropic: (apiKey) => new Anthropic({ apiKey, maxRetries: 2 }),
    clock: { now: () => Date.now() },
    workspaceRoot: workspace,
    logger,
    env,
    git: runGit,
    // The real sandbox: these tests run as root (CI and the dev container), so it is built for real.
    setupSandbox,
    // The test remote is a bare repository on disk.
    gitProtocols: ["https", "file"],
    output: {
      setOutput: (name, value) => {
        recorded.outputs[name] = value;
      },
      setSecret: (value) => {
        recorded.secrets.push(value);
      },
      summary: async (markdown) => {
        recorded.summary += markdown;
      },
      setFailed: (message) => {
        recorded.failed = message;
      },
    },
  };
  return { deps, recorded };
}
