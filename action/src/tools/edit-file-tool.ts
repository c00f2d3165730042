import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { numbered, splitLines } from "./numbered-lines.js";
import type { ToolContext } from "./tool-context.js";

const Input = z.object({
  path: z.string().min(1).describe("File path relative to the repository root"),
  old_string: z.string().min(1).describe("Exact text to replace, including whitespace; must occur exactly once"),
  new_string: z.string().describe("The text to put in its place"),
});

const CONTEXT_LINES = 3;

/** `edit_file`: replaces one exact occurrence of a string; zero or several occurrences are an error. */
export function editFileTool(context: ToolContext) {
  return defineTool(context, {
    name: "edit_file",
    description:
      "Replace one exact occurrence of old_string with new_string in a file. Fails when old_string does not occur or occurs more than once; then include more surrounding text.",
    inputSchema: Input,
    run: async ({ path, old_string, new_string }) => {
      if (old_string === new_string) throw new Error("old_string and new_string are the same; nothing to do.");
      const { abs, rel } = await context.policy.forWrite(path);
      const text = await readFile(abs, "utf8").catch(() => {
        throw new Error(`${rel} does not exist. Use write_file to create it.`);
      });
      const first = text.indexOf(old_string);
      if (first < 0) {
        throw new Error(
          `old_string was not found in ${rel}. Read the file again and copy the text exactly, whitespace included.`,
        );
      }
      const count = text.split(old_string).length - 1;
      if (count > 1) {
        throw new Error(
          `old_string occurs ${count} times in ${rel}. Include more surrounding lines so it occurs once.`,
        );
      }
      const edited = text.slice(0, first) + new_string + text.slice(first + old_string.length);
      await writeFile(abs, edited, "utf8");
      // The edited region with a few lines around it, numbered, so the model can check the result.
      const line = text.slice(0, first).split("\n").length;
      const last = line + new_string.split("\n").length - 1;
      const lines = splitLines(edited);
      const from = Math.max(1, line - CONTEXT_LINES);
      const to = Math.min(lines.length, last + CONTEXT_LINES);
      return `edited ${rel} at line ${line}:\n${numbered(lines, from, Math.max(from, to))}`;
    },
  });
}
