import type { GitHubClient, RepoRef } from "../octokit/client.js";
import type { AppIdentity } from "./app-identity.js";
import type { AppCaches } from "./caches.js";
import type { Deps } from "./deps.js";
import type { Log } from "./log.js";

/** What the webhook that started a reconcile already said about the issue, so it is not read again. */
export interface IssueHints {
  title?: string;
  body?: string;
}

/** Everything one reconcile of one task works with. */
export interface TaskEnv {
  octokit: GitHubClient;
  repo: RepoRef;
  installationId: number;
  issue: number;
  log: Log;
  deps: Deps;
  identity: AppIdentity;
  caches: AppCaches;
  hints: IssueHints;
}

/** The key of a task in the queue and the caches: `owner/repo#issue`. */
export const taskKey = (repo: RepoRef, issue: number): string => `${repo.owner}/${repo.repo}#${issue}`;
