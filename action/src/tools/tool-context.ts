import type { Logger } from "../logger.js";
import type { Redact } from "../redact.js";
import type { FinishReport } from "./finish-tool.js";
import type { PathPolicy } from "./path-policy.js";

/** What every tool of one attempt shares. */
export interface ToolContext {
  /** The repository checkout the model works in. */
  workspace: string;
  policy: PathPolicy;
  /** The scrubbed environment commands run with (see scrub-env.ts). */
  commandEnv: Record<string, string>;
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
