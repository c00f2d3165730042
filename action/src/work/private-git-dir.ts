import { chmod, cp, lstat, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** The checkout's git directory, moved where the model's commands can read but never write it. */
export interface PrivateGitDir {
  gitDir: string;
  /** Puts it back as the workspace's `.git` (whatever the model left there is removed). */
  restore(): Promise<void>;
}

/**
 * Moves `<workspace>/.git` out of the workspace before the model runs, and leaves a `.git` file
 * pointing at it so the model's `git status` / `git diff` still work, read-only. The harness then
 * runs git with this directory given explicitly (hardened-git.ts): a `.git/config` the model wrote
 * (an fsmonitor or filter command, an `ext::` URL, hooks) is a file in a directory git never reads
 * (docs/security.md#git).
 */
export async function movePrivateGitDir(workspace: string, tempRoot: string = tmpdir()): Promise<PrivateGitDir> {
  const original = path.join(workspace, ".git");
  const info = await lstat(original);
  if (!info.isDirectory()) {
    throw new Error(
      `${original} is not a directory (a worktree or submodule checkout); check out the repository itself`,
    );
  }
  const holder = await mkdtemp(path.join(tempRoot, "conductor-git-"));
  // Readable by the sandbox user (the model may read history), writable only by the executor.
  await chmod(holder, 0o755);
  const gitDir = path.join(holder, "git");
  await rename(original, gitDir).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EXDEV") throw error;
    await cp(original, gitDir, { recursive: true, preserveTimestamps: true });
    await rm(original, { recursive: true, force: true });
  });
  await writeFile(original, `gitdir: ${gitDir}\n`);
  return {
    gitDir,
    restore: async () => {
      await rm(original, { recursive: true, force: true });
      await rename(gitDir, original).catch(async () => {
        await cp(gitDir, original, { recursive: true, preserveTimestamps: true });
      });
      await rm(holder, { recursive: true, force: true });
    },
  };
}
