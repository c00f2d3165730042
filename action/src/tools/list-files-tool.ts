import { stat } from "node:fs/promises";
import picomatch from "picomatch";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import type { ToolContext } from "./tool-context.js";
import { walkFiles } from "./walk-files.js";

const Input = z.object({
  path: z.string().optional().describe("Directory relative to the repository root; default the root"),
  pattern: z.string().optional().describe('Glob the paths must match, e.g. "src/**/*.ts"'),
  max_depth: z
    .number()
    .int()
    .positive()
    .max(64)
    .optional()
    .describe("How deep to descend; default 3, or unlimited with a pattern"),
});

const MAX_ENTRIES = 1000;

/** `list_files`: what is in a directory of the checkout (directories end in `/`). */
export function listFilesTool(context: ToolContext) {
  return defineTool(context, {
    name: "list_files",
    description: "List files and directories of the repository (directories end in /), skipping .git and node_modules.",
    inputSchema: Input,
    run: async ({ path = ".", pattern, max_depth }) => {
      const { abs, rel } = await context.policy.forRead(path);
      if (
        !(await stat(abs).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      ) {
        throw new Error(`${rel} is not a directory. Give a directory, or use read_file for a file.`);
      }
      const matches = pattern ? picomatch(pattern, { dot: true }) : () => true;
      const found: string[] = [];
      let more = 0;
      for await (const entry of walkFiles(context.workspace, abs, max_depth ?? (pattern ? 64 : 3))) {
        if (!matches(entry.rel)) continue;
        if (found.length < MAX_ENTRIES) found.push(entry.dir ? `${entry.rel}/` : entry.rel);
        else more += 1;
      }
      if (found.length === 0) return `nothing under ${rel}${pattern ? ` matches ${pattern}` : ""}`;
      return more > 0
        ? `${found.join("\n")}\n[… ${more} more entries; narrow the path or pattern …]`
        : found.join("\n");
    },
  });
}
