import type { CommandSandbox } from "../sandbox/command-sandbox.js";
import type { ToolContext } from "../tools/tool-context.js";

/**
 * What a CLI engine gets of the tool context (DESIGN §8, docs/security.md#cli-engines): the CLI itself
 * runs inside the command sandbox (another uid, fresh PID and mount namespaces, the scrubbed
 * environment), runs the model's commands in its own sandbox inside that, and reaches its API through
 * the key proxy (key-proxy.ts), so neither it nor its commands hold the key or any token.
 */
export type CliTools = Omit<ToolContext, "onFinish" | "runCommand"> & {
  sandbox: CommandSandbox;
  /**
   * Where the CLI's private home (CLAUDE_CONFIG_DIR, CODEX_HOME) is made: the engines directory, not
   * /tmp, which the CLIs' own sandboxes replace with an empty one for their commands.
   */
  homeParent: string;
};
