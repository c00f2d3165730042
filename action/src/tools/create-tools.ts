import { editFileTool } from "./edit-file-tool.js";
import { finishTool } from "./finish-tool.js";
import { listFilesTool } from "./list-files-tool.js";
import { readFileTool } from "./read-file-tool.js";
import { runCommandTool } from "./run-command-tool.js";
import { searchTool } from "./search-tool.js";
import type { ToolContext } from "./tool-context.js";
import { writeFileTool } from "./write-file-tool.js";

/**
 * The executor's tools in a fixed order. Their definitions depend on nothing of the attempt, so they
 * are byte-identical on every turn and every run; the last one carries `cache_control`, which caches
 * the whole tool list together with the system prompt (tools come first in the cached prefix).
 */
export function createTools(context: ToolContext) {
  const tools = [
    readFileTool(context),
    listFilesTool(context),
    searchTool(context),
    writeFileTool(context),
    editFileTool(context),
    runCommandTool(context),
  ];
  return [...tools, { ...finishTool(context), cache_control: { type: "ephemeral" as const } }];
}
