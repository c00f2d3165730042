import type { GitRunner } from "./deps.js";
import type { Logger } from "./logger.js";

/**
 * Removes the auth headers `actions/checkout` persists in `.git/config` (unless `persist-credentials:
 * false`), before the model runs: any `run_command` could print them with `git config -l`. The push
 * sets its own header, so nothing needs them afterwards.
 */
export async function dropPersistedCredentials(git: GitRunner, cwd: string, logger: Logger): Promise<void> {
  const found = await git(["config", "--local", "--name-only", "--get-regexp", "^http\\..*\\.extraheader$"], { cwd });
  const keys = [...new Set(found.stdout.split("\n").filter((k) => k.trim() !== ""))];
  for (const key of keys) await git(["config", "--local", "--unset-all", key], { cwd });
  if (keys.length > 0) {
    logger.warn("removed persisted git credentials before the model runs; set persist-credentials: false", { keys });
  }
}
