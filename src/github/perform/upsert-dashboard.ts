import { z } from "zod";
import { bareMarker } from "../../protocol/marker.js";
import { renderDashboard } from "../dashboard/dashboard.js";
import { isFailure } from "../octokit/http-error.js";
import { remember } from "../reconcile/bounded.js";
import { CACHE_LIMITS } from "../reconcile/caches.js";
import { taskKey } from "../reconcile/task-env.js";
import { type PerformEnv, type Performer, requireRecord } from "./perform-env.js";
import { postComment } from "./post-comment.js";

const IssueComment = z.object({
  id: z.number().int().positive(),
  html_url: z.string(),
  body: z.string().nullish(),
  user: z.object({ login: z.string() }).nullable(),
});

const MAX_PAGES = 10;

/** Our dashboard comment on the issue: the app's own comment carrying the dashboard marker. */
async function findDashboard(env: PerformEnv): Promise<number | null> {
  const marker = bareMarker("dashboard");
  const bot = await env.identity.botLogin();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await env.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...env.repo,
      issue_number: env.issue,
      per_page: 100,
      page,
    });
    const comments = z.array(IssueComment).parse(res.data);
    const found = comments.find((c) => c.user?.login === bot && (c.body ?? "").includes(marker));
    if (found) return found.id;
    if (comments.length < 100) break;
  }
  return null;
}

async function editComment(env: PerformEnv, id: number, body: string): Promise<string | null> {
  try {
    const res = await env.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      ...env.repo,
      comment_id: id,
      body,
    });
    return z.object({ html_url: z.string() }).parse(res.data).html_url;
  } catch (error) {
    if (isFailure(error, 404)) return null; // deleted by someone: post a new one
    throw error;
  }
}

/**
 * Rule: there is one dashboard per task, found by its marker (or the id this process remembers) and
 * edited in place; only when there is none is it created. Rendering is from the record, never from the
 * old comment (DESIGN §7: the dashboard is a view, never state). A `/status` gets a reply linking it.
 */
export const upsertDashboard: Performer<"UpsertDashboard"> = async (effect, env) => {
  const record = requireRecord(env);
  const body = renderDashboard(record, env.deps.now());
  const key = taskKey(env.repo, env.issue);
  // One edit per change the reader can see, not per reconcile: every edit is a write, and writes are what
  // GitHub's secondary limits ration (docs/architecture.md#what-a-task-costs-on-github). A `/status` still
  // gets its link.
  if (!effect.reply && env.caches.dashboardBodies.get(key) === body) return [];
  let url: string | null = null;
  const cached = env.caches.dashboards.get(key);
  if (cached !== undefined) url = await editComment(env, cached, body);
  if (url === null) {
    const found = cached === undefined ? await findDashboard(env) : null;
    if (found !== null) url = await editComment(env, found, body);
    if (url !== null && found !== null) remember(env.caches.dashboards, key, found, CACHE_LIMITS.dashboards);
  }
  if (url === null) {
    const created = await postComment(env, { kind: "issue" }, body);
    remember(env.caches.dashboards, key, created.id, CACHE_LIMITS.dashboards);
    url = created.html_url;
  }
  remember(env.caches.dashboardBodies, key, body, CACHE_LIMITS.dashboardBodies);
  if (effect.reply) await postComment(env, effect.reply.target, `The dashboard is up to date: ${url}`);
  return [];
};
