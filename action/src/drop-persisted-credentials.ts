import type { Git } from "./hardened-git.js";
import type { Logger } from "./logger.js";

/**
 * Removes the auth headers `actions/checkout` persists in `.git/config` (unless `persist-credentials:
 * false`), before the model runs: any `run_command` could print them with `git config -l`. The push
 * sets its own header, so nothing needs them afterwards.
 */
export async function dropPersistedCredentials(git: Git, logger: Logger): Promise<void> {
  const found = await git(["config", "--local", "--name-only", "--get-regexp", "^http\\..*\\.extraheader$"]);
  const keys = [...new Set(found.stdout.split("\n").filter((k) => k.trim() !== ""))];
  for (const key of keys) await git(["config", "--local", "--unset-all", key]);
  if (keys.length > 0) {
    logger.warn("removed persisted git credentials before the model runs; set persist-credentials: false", { keys });
  }
}
