import { betaZodTool } from "@anthropic-ai/sdk/helpers/beta/zod";
import type { z } from "zod";
import { capOutput } from "../cap-output.js";
import type { ToolContext } from "./tool-context.js";

/**
 * `betaZodTool` with the executor's rules applied to every tool: the input is parsed by the zod schema
 * (the SDK turns a parse failure into an error result the model can read), the output is redacted and
 * capped, and a thrown error reaches the model as an `is_error` result with a redacted message.
 */
export function defineTool<S extends z.ZodObject>(
  context: ToolContext,
  spec: {
    name: string;
    description: string;
    inputSchema: S;
    run: (input: z.infer<S>) => Promise<string>;
    keep?: "head" | "tail" | "both";
  },
) {
  return betaZodTool({
    name: spec.name,
    description: spec.description,
    inputSchema: spec.inputSchema,
    run: async (input) => {
      try {
        const output = await spec.run(input);
        return capOutput(context.redact(output), context.maxOutput, spec.keep ?? "head");
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        context.logger.debug("tool refused or failed", { tool: spec.name, message });
        throw new Error(context.redact(message));
      }
    },
  });
}
