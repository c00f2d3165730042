import type { Logger } from "../logger.js";
import type { Redact } from "../redact.js";
import type { ShellRun } from "../shell.js";
import type { FinishReport } from "./finish-report.js";
import type { PathPolicy } from "./path-policy.js";

/** What every tool of one attempt shares. */
export interface ToolContext {
  /** The repository checkout the model works in. */
  workspace: string;
  policy: PathPolicy;
  /** Runs one bash command in the command sandbox (sandbox/command-sandbox.ts): no key, no token. */
  runCommand: CommandRunner;
  redact: Redact;
  /** Characters of one tool output the model sees; the rest is cut with a note. */
  maxOutput: number;
  /** Milliseconds until the agent must stop; a command never runs longer. */
  remainingMs(): number;
  logger: Logger;
  /** The brief's item ids, which `finish` must report on, each exactly once. */
  itemIds: readonly string[];
  onFinish(report: FinishReport): void;
}

/** Runs a command from the workspace root in the sandbox and reports how it ended. */
export type CommandRunner = (command: string, options: { timeoutMs: number; maxOutput: number }) => Promise<ShellRun>;
