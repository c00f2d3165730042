import { z } from "zod";
import { cleanOutput } from "./clean-output.js";
import { defineTool } from "./define-tool.js";
import type { ToolContext } from "./tool-context.js";

const Input = z.object({
  command: z.string().min(1).describe("A bash command, run from the repository root"),
  timeout_seconds: z.number().int().positive().max(1800).optional().describe("Default 120"),
});

/**
 * `run_command`: a bash command in the checkout, with a timeout and an output cap, run in the command
 * sandbox: another uid, its own PID and mount namespaces, an environment with no token, key or secret
 * (docs/security.md). Its output is redacted before the model sees it.
 */
export function runCommandTool(context: ToolContext) {
  return defineTool(context, {
    name: "run_command",
    description:
      "Run a bash command from the repository root, e.g. to build or run tests. No credentials are available and nothing is pushed: the harness commits and pushes when you finish. Long output keeps its start and end.",
    inputSchema: Input,
    keep: "both",
    run: async ({ command, timeout_seconds = 120 }) => {
      const timeoutMs = Math.max(1000, Math.min(timeout_seconds * 1000, context.remainingMs()));
      context.logger.info("run_command", { command });
      const run = await context.runCommand(command, { timeoutMs, maxOutput: context.maxOutput });
      const status = run.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exit code ${run.exitCode}`;
      return cleanOutput(`${status}\n${run.output}`);
    },
  });
}
