import { z } from "zod";
import type { Unreadable } from "../../core/unreadable.js";
import { decodeMarker, encodeMarker } from "../../protocol/marker.js";
import { postComment } from "../perform/post-comment.js";
import { remember } from "../reconcile/bounded.js";
import { CACHE_LIMITS } from "../reconcile/caches.js";
import { type TaskEnv, taskKey } from "../reconcile/task-env.js";

const IssueComment = z.object({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  user: z.object({ login: z.string() }).nullable(),
});
const NoticeMarker = z.object({ version: z.string() });
const MAX_PAGES = 10;

/** The app's notice comment on the task issue and the record version it describes, if there is one. */
async function findNotice(env: TaskEnv): Promise<{ id: number; version: string } | null> {
  const bot = await env.identity.botLogin();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await env.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...env.repo,
      issue_number: env.issue,
      per_page: 100,
      page,
    });
    const comments = z.array(IssueComment).parse(res.data);
    for (const c of comments) {
      if (c.user?.login !== bot) continue;
      const read = decodeMarker("unreadable", c.body ?? "", NoticeMarker);
      if (read.ok) return { id: c.id, version: read.value.version };
    }
    if (comments.length < 100) break;
  }
  return null;
}

/**
 * Rule: one notice per task, found by its hidden marker (which names the broken blob SHA), so neither a
 * redelivery, nor many events, nor a restart posts a second one. A record broken again in another way (a new
 * blob) edits the same comment with the new problems. The process remembers the version it has seen, so the
 * comments are listed once per broken version, not on every event. Returns true the first time this process
 * sees the version (for logging once).
 */
export async function upsertUnreadableNotice(env: TaskEnv, u: Unreadable, text: string): Promise<boolean> {
  const key = taskKey(env.repo, env.issue);
  if (env.caches.unreadable.get(key) === u.version) return false;
  const body = `${encodeMarker("unreadable", { version: u.version })}\n${text}`;
  const found = await findNotice(env);
  if (found === null) {
    await postComment(env, { kind: "issue" }, body);
  } else if (found.version !== u.version) {
    await env.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      ...env.repo,
      comment_id: found.id,
      body,
    });
  }
  remember(env.caches.unreadable, key, u.version, CACHE_LIMITS.unreadable);
  return true;
}
