import { z } from "zod";
import { isoNow, nextId, nodeId, type SandboxContext } from "../context.js";
import {
  fail,
  json,
  listResponse,
  param,
  parseBody,
  type Route,
  type RouteRequest,
  requireRole,
  route,
} from "../http.js";
import { readCommit } from "../objects.js";
import { resolveCommit } from "../resolve-commit.js";
import { repositoryShape, userShape } from "../shapes/common.js";
import { commitShape } from "../shapes/git.js";
import type { StatusRec } from "../state.js";
import { emit } from "../webhooks.js";

const CreateStatus = z.object({
  state: z.enum(["error", "failure", "pending", "success"]),
  target_url: z.string().nullish(),
  description: z.string().nullish(),
  context: z.string().optional(),
});

/** GitHub's `status`. */
function statusShape(ctx: SandboxContext, status: StatusRec) {
  const creator = userShape(ctx, status.creator);
  return {
    url: `${ctx.api}/statuses/${status.sha}`,
    avatar_url: creator.avatar_url,
    id: status.id,
    node_id: nodeId("SC", status.id),
    state: status.state,
    description: status.description,
    target_url: status.target_url,
    context: status.context,
    created_at: status.created_at,
    updated_at: status.updated_at,
    creator,
  };
}

/** The latest status per context, newest first (what the combined status and the UI show). */
function latest(ctx: SandboxContext, sha: string): StatusRec[] {
  const seen = new Set<string>();
  return ctx.state.statuses
    .filter((s) => s.sha === sha)
    .sort((a, b) => b.id - a.id)
    .filter((s) => !seen.has(s.context) && seen.add(s.context));
}

async function refSha(ctx: SandboxContext, req: RouteRequest): Promise<string> {
  const ref = param(req, "ref");
  return (await resolveCommit(ctx.repo, ref)) ?? fail(422, `No commit found for SHA: ${ref}`);
}

/** Commit statuses: create (with the `status` webhook), combined status, list. */
export const statusRoutes: Route[] = [
  route("POST", "/repos/{owner}/{repo}/statuses/{sha}", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const body = parseBody(CreateStatus, req.body);
    const sha = param(req, "sha");
    const commit = (await readCommit(ctx.repo, sha)) ?? fail(422, `No commit found for SHA: ${sha}`);
    const now = isoNow(ctx);
    const status: StatusRec = {
      id: nextId(ctx),
      sha: commit.sha,
      state: body.state,
      context: body.context ?? "default",
      description: body.description ?? null,
      target_url: body.target_url ?? null,
      creator: req.actor.login,
      created_at: now,
      updated_at: now,
    };
    ctx.state.statuses.push(status);
    const branches = Object.entries(ctx.state.heads)
      .filter(([, tip]) => tip === commit.sha)
      .map(([name]) => ({
        name,
        commit: { sha: commit.sha, url: `${ctx.api}/commits/${commit.sha}` },
        protected: false,
      }));
    emit(
      ctx,
      "status",
      undefined,
      {
        id: status.id,
        sha: commit.sha,
        name: `${ctx.owner}/${ctx.name}`,
        target_url: status.target_url,
        avatar_url: null,
        context: status.context,
        description: status.description,
        state: status.state,
        commit: commitShape(ctx, commit),
        branches,
        created_at: now,
        updated_at: now,
      },
      req.actor.login,
    );
    return json(201, statusShape(ctx, status));
  }),
  route("GET", "/repos/{owner}/{repo}/commits/{ref}/status", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const sha = await refSha(ctx, req);
    const statuses = latest(ctx, sha);
    const state = statuses.some((s) => s.state === "error" || s.state === "failure")
      ? "failure"
      : statuses.length === 0 || statuses.some((s) => s.state === "pending")
        ? "pending"
        : "success";
    return json(200, {
      state,
      statuses: statuses.map((s) => statusShape(ctx, s)),
      sha,
      total_count: statuses.length,
      repository: repositoryShape(ctx),
      commit_url: `${ctx.api}/commits/${sha}`,
      url: `${ctx.api}/commits/${sha}/status`,
    });
  }),
  route("GET", "/repos/{owner}/{repo}/commits/{ref}/statuses", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const sha = await refSha(ctx, req);
    const all = ctx.state.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id);
    return listResponse(
      req,
      all.map((s) => statusShape(ctx, s)),
    );
  }),
];
