import { readFile, stat } from "node:fs/promises";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import type { ToolContext } from "./tool-context.js";

const Input = z.object({
  path: z.string().min(1).describe("File path relative to the repository root"),
  offset: z.number().int().positive().optional().describe("First line to return (1-based); default 1"),
  limit: z.number().int().positive().optional().describe("Most lines to return; default all that fit"),
});

/** `read_file`: a text file of the checkout, or a range of its lines. */
export function readFileTool(context: ToolContext) {
  return defineTool(context, {
    name: "read_file",
    description:
      "Read a text file of the repository. Long files are cut with a note; read further with offset and limit (in lines).",
    inputSchema: Input,
    run: async ({ path, offset = 1, limit }) => {
      const { abs, rel } = await context.policy.forRead(path);
      const info = await stat(abs).catch(() => null);
      if (!info) throw new Error(`${rel} does not exist. Use list_files or search to find the right path.`);
      if (info.isDirectory()) throw new Error(`${rel} is a directory. Use list_files to see what is in it.`);
      const bytes = await readFile(abs);
      if (bytes.subarray(0, 8000).includes(0)) return `${rel} is a binary file of ${bytes.length} bytes.`;
      const lines = bytes.toString("utf8").split("\n");
      const end = limit === undefined ? lines.length : Math.min(lines.length, offset - 1 + limit);
      if (offset > lines.length) throw new Error(`${rel} has only ${lines.length} lines.`);
      const body = lines.slice(offset - 1, end).join("\n");
      const range = offset > 1 || end < lines.length ? ` (lines ${offset}–${end} of ${lines.length})` : "";
      return `${rel}${range}:\n${body}`;
    },
  });
}
