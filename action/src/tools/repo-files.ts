import { spawn } from "node:child_process";
import { lstat } from "node:fs/promises";
import path from "node:path";
import { walkFiles } from "./walk-files.js";

/** One file of the checkout, relative to the workspace with `/` separators. */
export interface RepoFile {
  rel: string;
  abs: string;
}

/**
 * The files `list_files` and `search` see: what git would consider part of the project, i.e. tracked
 * files plus untracked ones not ignored by `.gitignore` and friends (`git ls-files --cached --others
 * --exclude-standard`), minus tracked files deleted from the worktree. So `dist/`, `.venv/` and other
 * build output stay out of listings and hits, as in ripgrep. Outside a git repository it falls back to
 * walking the directory (skipping .git and node_modules). Git runs with fsmonitor and hooks off and no
 * system config: the checkout's config is the repository's, not ours to trust.
 */
export async function repoFiles(workspace: string): Promise<RepoFile[]> {
  const listed = await gitLines(workspace, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  if (listed === null) {
    const files: RepoFile[] = [];
    for await (const entry of walkFiles(workspace, workspace)) if (!entry.dir) files.push(entry);
    return files;
  }
  const deleted = new Set((await gitLines(workspace, ["ls-files", "-z", "--deleted"])) ?? []);
  const unique = [...new Set(listed)].filter((rel) => !deleted.has(rel)).sort();
  const files: RepoFile[] = [];
  for (const rel of unique) {
    const abs = path.join(workspace, rel);
    // Submodules and symlinks are listed by git but are not files to read here.
    const info = await lstat(abs).catch(() => null);
    if (info?.isFile()) files.push({ rel, abs });
  }
  return files;
}

function gitLines(cwd: string, args: string[]): Promise<string[] | null> {
  return new Promise((resolve) => {
    const child = spawn("git", ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", GIT_CONFIG_NOSYSTEM: "1", HOME: cwd, GIT_TERMINAL_PROMPT: "0" },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", () => resolve(null));
    child.on("close", (code) => {
      if (code !== 0) return resolve(null);
      resolve(
        Buffer.concat(chunks)
          .toString("utf8")
          .split("\0")
          .filter((line) => line !== ""),
      );
    });
  });
}
