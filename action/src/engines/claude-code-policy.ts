import type { PathPolicy } from "../tools/path-policy.js";

/** What the permission check answers for one tool call of Claude Code. */
export type Decision = { behavior: "allow" } | { behavior: "deny"; message: string };

/** Claude Code's tools that write a file, and the input field naming it. */
const WRITES: Record<string, string> = {
  Write: "file_path",
  Edit: "file_path",
  MultiEdit: "file_path",
  NotebookEdit: "notebook_path",
};
/** Its tools that read, and the field naming what they read (absent: the working directory). */
const READS: Record<string, string> = { Read: "file_path", Glob: "path", Grep: "path", LS: "path" };

/**
 * Claude Code's tools held to the module's path policy (tools/path-policy.ts, DESIGN §8), the same one
 * the built-in engine's tools obey: writes inside the module's paths and never protected, reads inside
 * the checkout and never in `.git`. Tools that reach the network are refused outright (the executor's
 * model needs the repository only); `Bash` runs in Claude Code's own sandbox, and whatever it changes
 * outside the paths the harness reverts before committing (commit-and-push.ts), as for the built-in
 * engine's `run_command`.
 */
export async function decide(policy: PathPolicy, tool: string, input: Record<string, unknown>): Promise<Decision> {
  if (NETWORK_TOOLS.includes(tool)) return { behavior: "deny", message: `${tool} is not available to the executor.` };
  const writeField = WRITES[tool];
  const readField = READS[tool];
  const field = writeField ?? readField;
  if (field === undefined) return { behavior: "allow" };
  const given = input[field];
  if (given === undefined && readField !== undefined) return { behavior: "allow" };
  if (typeof given !== "string") return { behavior: "deny", message: `${tool} needs a ${field}.` };
  try {
    await (writeField ? policy.forWrite(given) : policy.forRead(given));
    return { behavior: "allow" };
  } catch (error) {
    return { behavior: "deny", message: error instanceof Error ? error.message : String(error) };
  }
}

/** Refused for every call; also passed as `disallowedTools` so the model is not offered them. */
export const NETWORK_TOOLS = ["WebFetch", "WebSearch"];
