import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import type { ToolContext } from "./tool-context.js";

const Input = z.object({
  path: z.string().min(1).describe("File path relative to the repository root"),
  content: z.string().describe("The whole new content of the file"),
});

/** `write_file`: creates or replaces a whole file inside the module's paths. */
export function writeFileTool(context: ToolContext) {
  return defineTool(context, {
    name: "write_file",
    description:
      "Create a file, or replace a whole file, with the given content. Only paths inside the module's paths and not protected may be written. For small changes to an existing file prefer edit_file.",
    inputSchema: Input,
    run: async ({ path: given, content }) => {
      const { abs, rel } = await context.policy.forWrite(given);
      const existed = await stat(abs).then(
        (s) => {
          if (s.isDirectory()) throw new Error(`${rel} is a directory.`);
          return true;
        },
        () => false,
      );
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, content, "utf8");
      return `${existed ? "replaced" : "created"} ${rel} (${Buffer.byteLength(content, "utf8")} bytes)`;
    },
  });
}
