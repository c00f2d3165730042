import { stat } from "node:fs/promises";
import path from "node:path";
import { runPrivileged } from "./privileged.js";

/**
 * The sandbox user must reach the workspace by its own path (tools print it, test runners resolve
 * it), so every directory above it needs the search bit for others. Ubuntu creates home directories
 * 0750 and `mkdtemp` makes 0700 ones; this adds `o+x` (search, not list) where it is missing and
 * changes nothing else.
 */
export async function makeSearchable(
  workspace: string,
  prefix: readonly string[],
): Promise<{ ok: true; changed: string[] } | { ok: false; reason: string }> {
  const changed: string[] = [];
  let dir = path.resolve(workspace);
  const chain: string[] = [];
  while (true) {
    chain.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const entry of chain) {
    const info = await stat(entry);
    if ((info.mode & 0o001) !== 0) continue;
    const done = await runPrivileged([...prefix, "chmod", "o+x", entry]);
    if (done.code !== 0) return { ok: false, reason: `could not make ${entry} searchable: ${done.output.trim()}` };
    changed.push(entry);
  }
  return { ok: true, changed };
}
