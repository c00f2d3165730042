import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";

/** Directories no listing or search descends into: git metadata and installed dependencies. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([".git", "node_modules"]);

/** One entry under the walked directory, relative to the workspace with `/` separators. */
export interface WalkEntry {
  rel: string;
  abs: string;
  dir: boolean;
}

/**
 * Yields the files and directories under `startAbs` in a stable (sorted, depth-first) order, without
 * following symbolic links and without entering SKIPPED_DIRS.
 */
export async function* walkFiles(workspace: string, startAbs: string, maxDepth = 64): AsyncGenerator<WalkEntry> {
  let entries: Dirent[];
  try {
    entries = await readdir(startAbs, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const abs = path.join(startAbs, entry.name);
    const rel = path.relative(workspace, abs).split(path.sep).join("/");
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      yield { rel, abs, dir: true };
      if (maxDepth > 1) yield* walkFiles(workspace, abs, maxDepth - 1);
    } else if (entry.isFile()) {
      yield { rel, abs, dir: false };
    }
  }
}
