import { stat } from "node:fs/promises";
import picomatch from "picomatch";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { repoFiles } from "./repo-files.js";
import type { ToolContext } from "./tool-context.js";

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

/** `list_files`: what is in a directory of the checkout (directories end in `/`), as git sees the project. */
export function listFilesTool(context: ToolContext) {
  return defineTool(context, {
    name: "list_files",
    description:
      "List files and directories of the repository (directories end in /): tracked files and untracked ones that .gitignore does not exclude.",
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
      const depth = max_depth ?? (pattern ? 64 : 3);
      const base = rel === "." ? [] : rel.split("/");
      const entries = new Map<string, boolean>();
      for (const file of await repoFiles(context.workspace)) {
        const parts = file.rel.split("/");
        if (!base.every((segment, i) => parts[i] === segment)) continue;
        const below = parts.slice(base.length);
        for (let d = 1; d <= Math.min(depth, below.length); d++) {
          const entry = [...base, ...below.slice(0, d)].join("/");
          if (matches(entry)) entries.set(entry, d < below.length);
        }
      }
      const sorted = [...entries].sort(([a], [b]) => compareSegments(a, b));
      const found = sorted.slice(0, MAX_ENTRIES).map(([entry, dir]) => (dir ? `${entry}/` : entry));
      const more = sorted.length - found.length;
      if (found.length === 0) return `nothing under ${rel}${pattern ? ` matches ${pattern}` : ""}`;
      return more > 0
        ? `${found.join("\n")}\n[… ${more} more entries; narrow the path or pattern …]`
        : found.join("\n");
    },
  });
}

/** Depth-first order: by path segment, so `a/b` sorts right after `a`, before `a-c`. */
function compareSegments(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p = "", q = ""] = [x[i], y[i]];
    if (p !== q) return p < q ? -1 : 1;
  }
  return x.length - y.length;
}
