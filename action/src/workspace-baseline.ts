import { createHash } from "node:crypto";
import { lstat, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import type { Git } from "./hardened-git.js";

/** Paths that differed from HEAD before the model ran, with a fingerprint of their content then. */
export type Baseline = ReadonlyMap<string, string>;

/**
 * What the repository's own setup steps left in the checkout (installed dependencies, a rewritten
 * lockfile, generated files) before the model started. Such paths are neither committed nor reverted
 * unless their content changed afterwards: they are not the model's work.
 */
export async function takeBaseline(git: Git, cwd: string): Promise<Baseline> {
  return fingerprints(cwd, await changedPaths(git));
}

/** The paths of `baseline` whose content is still what it was: not the model's doing. */
export async function unchangedSince(cwd: string, baseline: Baseline): Promise<string[]> {
  const now = await fingerprints(cwd, [...baseline.keys()]);
  return [...baseline].filter(([file, print]) => now.get(file) === print).map(([file]) => file);
}

/** Every path `git status` reports (tracked changes, untracked files, both sides of renames). */
export async function changedPaths(git: Git): Promise<string[]> {
  const status = await git(["status", "--porcelain=v1", "-z", "--untracked-files=all"]);
  const entries = status.stdout.split("\0").filter((e) => e.length > 0);
  const paths: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? "";
    paths.push(entry.slice(3));
    // A rename or copy is followed by its source path.
    if (entry[0] === "R" || entry[0] === "C") paths.push(entries[++i] ?? "");
  }
  return paths.filter((p) => p !== "");
}

/** A content fingerprint per path: a hash of the file (or of a link's target), "-" when it is gone. */
async function fingerprints(cwd: string, paths: readonly string[]): Promise<Map<string, string>> {
  const prints = new Map<string, string>();
  for (const file of paths) {
    const abs = path.join(cwd, file);
    const info = await lstat(abs).catch(() => null);
    const link = info?.isSymbolicLink() ?? false;
    const content = !info ? null : link ? await readlink(abs) : await readFile(abs).catch(() => null);
    prints.set(
      file,
      content === null
        ? "-"
        : createHash("sha256")
            .update(link ? "link:" : "file:")
            .update(content)
            .digest("hex"),
    );
  }
  return prints;
}
