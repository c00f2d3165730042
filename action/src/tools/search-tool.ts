import { readFile, stat } from "node:fs/promises";
import picomatch from "picomatch";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { repoFiles } from "./repo-files.js";
import type { ToolContext } from "./tool-context.js";

const Input = z.object({
  pattern: z.string().min(1).describe("JavaScript regular expression (or plain text with fixed_strings)"),
  path: z.string().optional().describe("File or directory to search, relative to the root; default the root"),
  glob: z.string().optional().describe('Only files whose path matches this glob, e.g. "**/*.py"'),
  ignore_case: z.boolean().optional(),
  fixed_strings: z.boolean().optional().describe("Treat pattern as plain text"),
  max_results: z.number().int().positive().max(1000).optional().describe("Default 200"),
});

const MAX_FILE_BYTES = 1_000_000;
const MAX_LINE = 300;

/** `search`: ripgrep-like matching lines (`path:line:text`) over the checkout, written in Node. */
export function searchTool(context: ToolContext) {
  return defineTool(context, {
    name: "search",
    description:
      "Search file contents of the repository like ripgrep: prints path:line:text for each matching line. Searches tracked files and untracked ones .gitignore does not exclude; skips binary files and files over 1 MB.",
    inputSchema: Input,
    run: async ({ pattern, path = ".", glob, ignore_case, fixed_strings, max_results = 200 }) => {
      const source = fixed_strings ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : pattern;
      let regex: RegExp;
      try {
        regex = new RegExp(source, ignore_case ? "i" : "");
      } catch (error) {
        throw new Error(
          `invalid regular expression: ${error instanceof Error ? error.message : error}. Try fixed_strings: true.`,
        );
      }
      const { abs, rel } = await context.policy.forRead(path);
      const info = await stat(abs).catch(() => null);
      if (!info) throw new Error(`${rel} does not exist.`);
      const inGlob = glob ? picomatch(glob, { dot: true }) : () => true;
      const prefix = rel === "." ? "" : `${rel}/`;
      const files = info.isDirectory()
        ? (await repoFiles(context.workspace)).filter((f) => f.rel.startsWith(prefix))
        : [{ rel, abs }];
      const hits: string[] = [];
      let more = 0;
      for (const file of files) {
        if (!inGlob(file.rel)) continue;
        const bytes = await readFile(file.abs).catch(() => null);
        if (!bytes || bytes.length > MAX_FILE_BYTES || bytes.subarray(0, 8000).includes(0)) continue;
        const lines = bytes.toString("utf8").split("\n");
        for (const [index, line] of lines.entries()) {
          if (!regex.test(line)) continue;
          if (hits.length >= max_results) {
            more += 1;
            continue;
          }
          const text = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
          hits.push(`${file.rel}:${index + 1}:${text}`);
        }
      }
      if (hits.length === 0) return `no matches for /${source}/ under ${rel}`;
      return more > 0 ? `${hits.join("\n")}\n[… ${more} more matches; narrow the search …]` : hits.join("\n");
    },
  });
}
