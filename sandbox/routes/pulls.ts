import { z } from "zod";
import { isoNow, nextId, nextNumber, type SandboxContext } from "../context.js";
import { diffFiles } from "../diff.js";
import {
  fail,
  intParam,
  invalid,
  json,
  paginate,
  parseBody,
  type Route,
  type RouteRequest,
  requireRole,
  route,
} from "../http.js";
import { readCommit } from "../objects.js";
import { emitIssue, setIssueState } from "../ops/issues.js";
import { baseTip, emitPull, getPull, pullJson } from "../ops/pulls.js";
import { commitsBetween, mergeBase, readRef } from "../refs.js";
import { commitShape, diffEntryShape } from "../shapes/git.js";
import type { IssueRec, PullRec } from "../state.js";
import { updateIssueFields } from "./issues.js";

const CreatePull = z.object({
  title: z.string().optional(),
  head: z.string(),
  base: z.string(),
  body: z.string().nullish(),
  draft: z.boolean().optional(),
  maintainer_can_modify: z.boolean().optional(),
});
const UpdatePull = z.object({
  title: z.string().optional(),
  body: z.string().nullish(),
  state: z.enum(["open", "closed"]).optional(),
  base: z.string().optional(),
  maintainer_can_modify: z.boolean().optional(),
});

/** `owner:branch` → `branch` (this sandbox has no forks). */
function branchOf(ctx: SandboxContext, head: string): string {
  const colon = head.indexOf(":");
  return colon >= 0 && head.slice(0, colon).toLowerCase() === ctx.owner.toLowerCase() ? head.slice(colon + 1) : head;
}

async function createPull(ctx: SandboxContext, req: RouteRequest) {
  requireRole(ctx, req, "write");
  const body = parseBody(CreatePull, req.body);
  const head = branchOf(ctx, body.head);
  const headSha = await readRef(ctx.repo, `refs/heads/${head}`);
  const baseSha = await readRef(ctx.repo, `refs/heads/${body.base}`);
  if (!headSha) invalid({ resource: "PullRequest", field: "head", code: "invalid" });
  if (!baseSha) invalid({ resource: "PullRequest", field: "base", code: "invalid" });
  const open = Object.values(ctx.state.pulls).find(
    (p) => p.head === head && p.base === body.base && ctx.state.issues[p.number]?.state === "open",
  );
  if (open)
    invalid({
      resource: "PullRequest",
      code: "custom",
      message: `A pull request already exists for ${ctx.owner}:${head}.`,
    });
  if ((await commitsBetween(ctx.repo, baseSha, headSha, 1)).length === 0) {
    invalid({ resource: "PullRequest", code: "custom", message: `No commits between ${body.base} and ${head}` });
  }
  if (!body.title) invalid({ resource: "Issue", field: "title", code: "missing_field" });
  // GitHub's answer on a private repository of a Free or Pro plan; the message is all it says.
  if (body.draft && !ctx.draftPullRequests) fail(422, "Draft pull requests are not supported in this repository.");
  const now = isoNow(ctx);
  const number = nextNumber(ctx);
  const issue: IssueRec = {
    number,
    id: nextId(ctx),
    title: body.title,
    body: body.body ?? null,
    state: "open",
    state_reason: null,
    user: req.actor.login,
    labels: [],
    assignees: [],
    locked: false,
    isPull: true,
    created_at: now,
    updated_at: now,
    closed_at: null,
    closed_by: null,
  };
  const pull: PullRec = {
    number,
    id: nextId(ctx),
    head,
    head_sha: headSha,
    base: body.base,
    frozen: null,
    draft: body.draft ?? false,
    merged: false,
    merged_at: null,
    merged_by: null,
    merge_commit_sha: null,
    maintainer_can_modify: body.maintainer_can_modify ?? true,
  };
  ctx.state.issues[number] = issue;
  ctx.state.pulls[number] = pull;
  ctx.state.heads[head] = headSha;
  await emitPull(ctx, number, "opened", req.actor.login);
  return json(201, await pullJson(ctx, number), { location: `${ctx.api}/pulls/${number}` });
}

function listPulls(ctx: SandboxContext, req: RouteRequest): number[] {
  const state = req.query.get("state") ?? "open";
  const head = req.query.get("head");
  const base = req.query.get("base");
  const sort = req.query.get("sort") ?? "created";
  const descending = (req.query.get("direction") ?? (sort === "created" ? "desc" : "asc")) === "desc";
  const key = sort === "updated" ? "updated_at" : "created_at";
  return (
    Object.values(ctx.state.pulls)
      .map((p) => ({ p, i: ctx.state.issues[p.number] }))
      .filter((x): x is { p: PullRec; i: IssueRec } => x.i !== undefined)
      .filter(({ i }) => state === "all" || i.state === state)
      // GitHub ignores a `head` without the `owner:` prefix and lists everything: a classic trap.
      .filter(({ p }) => !head?.includes(":") || `${ctx.owner}:${p.head}`.toLowerCase() === head.toLowerCase())
      .filter(({ p }) => !base || p.base === base)
      .sort(
        (a, b) =>
          (a.i[key] === b.i[key] ? a.p.number - b.p.number : a.i[key] < b.i[key] ? -1 : 1) * (descending ? -1 : 1),
      )
      .map(({ p }) => p.number)
  );
}

/** Where a pull request's diff starts: the merge base with its base branch (as it was when it closed). */
export async function diffBase(ctx: SandboxContext, pull: PullRec): Promise<string> {
  const base = pull.frozen?.base_sha ?? (await baseTip(ctx, pull));
  return (await mergeBase(ctx.repo, base, pull.head_sha)) ?? pull.head_sha;
}

/** Pull requests: create, list, get, update, files, commits. */
export const pullRoutes: Route[] = [
  route("POST", "/repos/{owner}/{repo}/pulls", createPull),
  route("GET", "/repos/{owner}/{repo}/pulls", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const { items, headers } = paginate(req, listPulls(ctx, req));
    return json(200, await Promise.all(items.map((n) => pullJson(ctx, n))), headers);
  }),
  route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const { pull } = getPull(ctx, intParam(req, "pull_number"));
    // `mediaType: { format: "diff" }` asks for the unified diff instead of JSON.
    if (/vnd\.github(\.v3)?\.diff/.test(req.headers.get("accept") ?? "")) {
      const args = ["diff", "-M", "--no-color", "--no-ext-diff", await diffBase(ctx, pull), pull.head_sha];
      return { status: 200, text: (await ctx.repo.git(args)).stdout.toString("utf8") };
    }
    return json(200, await pullJson(ctx, pull.number));
  }),
  route("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", async (ctx, req) => {
    const { issue, pull } = getPull(ctx, intParam(req, "pull_number"));
    requireRole(ctx, req, issue.user === req.actor.login ? "read" : "write");
    const body = parseBody(UpdatePull, req.body);
    if (body.base && body.base !== pull.base) {
      if (!(await readRef(ctx.repo, `refs/heads/${body.base}`)))
        invalid({ resource: "PullRequest", field: "base", code: "invalid" });
      const from = pull.base;
      pull.base = body.base;
      await emitIssue(ctx, issue, "edited", req.actor.login, {
        changes: { base: { ref: { from }, sha: { from: pull.head_sha } } },
      });
    }
    if (body.maintainer_can_modify !== undefined) pull.maintainer_can_modify = body.maintainer_can_modify;
    const { state, ...fields } = body;
    await updateIssueFields(ctx, issue, fields, req.actor.login);
    if (state === "open" && pull.merged) fail(422, "Cannot reopen a merged pull request");
    if (state) await setIssueState(ctx, issue, state, null, req.actor.login);
    return json(200, await pullJson(ctx, pull.number));
  }),
  route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const { pull } = getPull(ctx, intParam(req, "pull_number"));
    const files = await diffFiles(ctx.repo, await diffBase(ctx, pull), pull.head_sha);
    const { items, headers } = paginate(req, files.slice(0, 3000));
    return json(
      200,
      items.map((f) => diffEntryShape(ctx, f, pull.head_sha)),
      headers,
    );
  }),
  route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const { pull } = getPull(ctx, intParam(req, "pull_number"));
    const shas = await commitsBetween(ctx.repo, await diffBase(ctx, pull), pull.head_sha);
    const { items, headers } = paginate(req, shas);
    const commits = await Promise.all(items.map(async (sha) => readCommit(ctx.repo, sha)));
    return json(
      200,
      commits.flatMap((c) => (c ? [commitShape(ctx, c)] : [])),
      headers,
    );
  }),
];
