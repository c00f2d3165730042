import type { Config } from "../../config/schema.js";

/** The login GitHub gives comments made with a workflow's GITHUB_TOKEN. */
export const GITHUB_ACTIONS_BOT = "github-actions[bot]";

/**
 * Whether a result comment by `author` may count (DESIGN §5, docs/security.md#how-results-are-authenticated):
 * only the app's own bot identity, or `github-actions[bot]` when the repository opted in with
 * `executor.accept_github_actions_results`. The opt-in is off by default because every workflow of the
 * repository writes as that bot.
 */
export function isTrustedResultAuthor(author: string, appBotLogin: string, config: Config | undefined): boolean {
  if (author === appBotLogin) return true;
  return author === GITHUB_ACTIONS_BOT && config?.executor.accept_github_actions_results === true;
}
