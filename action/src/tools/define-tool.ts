import { betaZodTool } from "@anthropic-ai/sdk/helpers/beta/zod";
import type { z } from "zod";
import { capOutput } from "../cap-output.js";
import type { ToolContext } from "./tool-context.js";

// The SDK runs the tool calls of one reply concurrently. Two edits of one file would then race (both
// read, both write, one is lost), so the calls of one context run one at a time, in the model's order.
const queues = new WeakMap<ToolContext, Promise<unknown>>();

function serially<T>(context: ToolContext, work: () => Promise<T>): Promise<T> {
  const next = (queues.get(context) ?? Promise.resolve()).then(work, work);
  queues.set(
    context,
    next.catch(() => undefined),
  );
  return next;
}

/**
 * `betaZodTool` with the executor's rules applied to every tool: the input is parsed by the zod schema
 * (the SDK turns a parse failure into an error result the model can read), calls run one at a time,
 * the output is redacted and capped, and a thrown error reaches the model as an `is_error` result with
 * a redacted message.
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
    run: (input) => serially(context, () => runOne(input)),
  });

  async function runOne(input: z.infer<S>): Promise<string> {
    try {
      const output = await spec.run(input);
      return capOutput(context.redact(output), context.maxOutput, spec.keep ?? "head");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      context.logger.debug("tool refused or failed", { tool: spec.name, message });
      throw new Error(context.redact(message));
    }
  }
}
