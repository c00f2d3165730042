import { readFile, stat } from "node:fs/promises";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { numbered, splitLines } from "./numbered-lines.js";
import type { ToolContext } from "./tool-context.js";

const Input = z.object({
  path: z.string().min(1).describe("File path relative to the repository root"),
  offset: z.number().int().positive().optional().describe("First line to return (1-based); default 1"),
  limit: z.number().int().positive().optional().describe("Most lines to return; default all that fit"),
});

/** Lines shown without a `limit`. */
const DEFAULT_LINES = 2000;

/**
 * `read_file`: a text file of the checkout, or a range of its lines, numbered. What does not fit the
 * output cap ends at a line boundary with a note saying where to read on.
 */
export function readFileTool(context: ToolContext) {
  return defineTool(context, {
    name: "read_file",
    description:
      "Read a text file of the repository, with line numbers (number, tab, text; the number and tab are not part of the file). Long files end with a note; read further with offset and limit (in lines).",
    inputSchema: Input,
    run: async ({ path, offset = 1, limit }) => {
      const { abs, rel } = await context.policy.forRead(path);
      const info = await stat(abs).catch(() => null);
      if (!info) throw new Error(`${rel} does not exist. Use list_files or search to find the right path.`);
      if (info.isDirectory()) throw new Error(`${rel} is a directory. Use list_files to see what is in it.`);
      const bytes = await readFile(abs);
      if (bytes.subarray(0, 8000).includes(0)) return `${rel} is a binary file of ${bytes.length} bytes.`;
      const lines = splitLines(bytes.toString("utf8"));
      if (bytes.length === 0) return `${rel} is empty.`;
      if (offset > lines.length) throw new Error(`${rel} has only ${lines.length} lines.`);
      let end = Math.min(lines.length, offset - 1 + (limit ?? DEFAULT_LINES));
      // Leave room for the header and the note within the cap.
      const room = context.maxOutput - 200;
      let body = numbered(lines, offset, end);
      while (body.length > room && end > offset) {
        end = Math.max(offset, Math.floor(offset + (end - offset) * (room / body.length)) - 1);
        body = numbered(lines, offset, end);
      }
      const whole = offset === 1 && end === lines.length;
      const header = whole ? `${rel} (${lines.length} lines):` : `${rel} (lines ${offset}–${end} of ${lines.length}):`;
      const rest = end < lines.length ? `\n[… ${lines.length - end} more lines; read on with offset ${end + 1}]` : "";
      return `${header}\n${body}${rest}`;
    },
  });
}
