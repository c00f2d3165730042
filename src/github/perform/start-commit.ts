import { z } from "zod";
import { remember } from "../reconcile/bounded.js";
import type { AppCaches } from "../reconcile/caches.js";
import type { TaskEnv } from "../reconcile/task-env.js";

const BaseCommit = z.object({
  tree: z.object({ sha: z.string() }),
  committer: z.object({ date: z.string() }),
});
const Created = z.object({ sha: z.string() });

/**
 * Start commits already made, per app: `owner/repo:base:label` → SHA. Kept beside `AppCaches` (same
 * lifetime) rather than in it; losing an entry costs one read and one write that yield the same SHA.
 */
const known = new WeakMap<AppCaches, Map<string, string>>();
const LIMIT = 500;

/**
 * The empty commit a module branch starts on: `base`'s tree with `base` as its parent, so GitHub accepts
 * the draft PR at once ("No commits between …" otherwise) and the executor's commits follow it.
 *
 * It is a pure function of (`base`, `label`): author and committer are the app's bot with `base`'s
 * committer date, so every retry, replica or restart that makes it again gets the very same SHA. That is
 * what makes `CreateBranch` idempotent without a read ("already exists" at this SHA is success), and what
 * lets the modules of one phase share one start commit (same label) — see `startLabel`.
 */
export async function startCommit(env: TaskEnv, base: string, label: string): Promise<string> {
  const key = `${env.repo.owner}/${env.repo.repo}:${base}:${label}`;
  const cache = known.get(env.caches) ?? new Map<string, string>();
  known.set(env.caches, cache);
  const cached = cache.get(key);
  if (cached) return cached;
  const { octokit, repo } = env;
  const parent = BaseCommit.parse(
    (await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...repo, commit_sha: base })).data,
  );
  const login = await env.identity.botLogin();
  const person = { name: login, email: `${login}@users.noreply.github.com`, date: parent.committer.date };
  const created = await octokit.request("POST /repos/{owner}/{repo}/git/commits", {
    ...repo,
    message: `conductor: start ${label}\n\nAn empty commit on ${base.slice(0, 7)}, so that GitHub accepts the draft PR before the executor's work.`,
    tree: parent.tree.sha,
    parents: [base],
    author: person,
    committer: person,
  });
  const sha = Created.parse(created.data).sha;
  remember(cache, key, sha, LIMIT);
  return sha;
}
