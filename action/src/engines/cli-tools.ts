import type { ToolContext } from "../tools/tool-context.js";

/**
 * What a CLI engine gets of the tool context (DESIGN §8): the CLI runs the model's commands itself, in its
 * own sandbox, with the scrubbed environment below, not through the command sandbox's `runCommand`.
 */
export type CliTools = Omit<ToolContext, "onFinish" | "runCommand"> & {
  /** The runner's environment less every credential (scrub-env.ts): what the CLI and its commands start with. */
  commandEnv: Record<string, string>;
};
