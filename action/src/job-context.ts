import type { Deps } from "./deps.js";
import type { Inputs, RunnerEnv } from "./inputs.js";
import type { Logger } from "./logger.js";
import type { Redact } from "./redact.js";

/** What `run` hands each of the executor's jobs (DESIGN §8: work, publish, verify, verify-report). */
export interface JobContext<I = Inputs> {
  deps: Deps;
  inputs: I;
  runner: RunnerEnv;
  redact: Redact;
  logger: Logger;
  startedAt: number;
}

/** A job that runs commands in the sandbox also knows the secrets those commands must not see. */
export interface SandboxedJobContext<I = Inputs> extends JobContext<I> {
  secrets: readonly string[];
}
