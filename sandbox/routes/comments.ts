import { z } from "zod";
import { isoNow, nextId, type SandboxContext } from "../context.js";
import {
  intParam,
  json,
  listResponse,
  notFound,
  parseBody,
  type Route,
  type RouteRequest,
  requireRole,
  route,
} from "../http.js";
import { getIssue } from "../ops/issues.js";
import { commentShape, issueShape } from "../shapes/issue.js";
import type { CommentRec } from "../state.js";
import { emit } from "../webhooks.js";

const Body = z.object({ body: z.string() });

function getComment(ctx: SandboxContext, req: RouteRequest): CommentRec {
  return ctx.state.comments[intParam(req, "comment_id")] ?? notFound();
}

function emitComment(ctx: SandboxContext, comment: CommentRec, action: string, sender: string, extra = {}) {
  const issue = getIssue(ctx, comment.issue);
  emit(
    ctx,
    "issue_comment",
    action,
    { issue: issueShape(ctx, issue), comment: commentShape(ctx, comment), ...extra },
    sender,
  );
}

/** Others' comments may be changed by collaborators with write access; one's own with read. */
function requireOwnOrWrite(ctx: SandboxContext, req: RouteRequest, comment: CommentRec) {
  requireRole(ctx, req, comment.user === req.actor.login ? "read" : "write");
}

function sorted(ctx: SandboxContext, filter: (c: CommentRec) => boolean, since: string | null) {
  return Object.values(ctx.state.comments)
    .filter(filter)
    .filter((c) => !since || c.updated_at >= since)
    .sort((a, b) => a.id - b.id)
    .map((c) => commentShape(ctx, c));
}

/** Issue and pull-request conversation comments. */
export const commentRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", (ctx, req) => {
    requireRole(ctx, req, "read");
    const number = getIssue(ctx, intParam(req, "issue_number")).number;
    return listResponse(
      req,
      sorted(ctx, (c) => c.issue === number, req.query.get("since")),
    );
  }),
  route("GET", "/repos/{owner}/{repo}/issues/comments", (ctx, req) => {
    requireRole(ctx, req, "read");
    return listResponse(
      req,
      sorted(ctx, () => true, req.query.get("since")),
    );
  }),
  route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", (ctx, req) => {
    requireRole(ctx, req, "read");
    const issue = getIssue(ctx, intParam(req, "issue_number"));
    const { body } = parseBody(Body, req.body);
    const now = isoNow(ctx);
    const comment: CommentRec = {
      id: nextId(ctx),
      issue: issue.number,
      user: req.actor.login,
      body,
      created_at: now,
      updated_at: now,
    };
    if (req.actor.app) comment.app = req.actor.app.slug;
    ctx.state.comments[comment.id] = comment;
    issue.updated_at = now;
    emitComment(ctx, comment, "created", req.actor.login);
    return json(201, commentShape(ctx, comment));
  }),
  route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", (ctx, req) => {
    requireRole(ctx, req, "read");
    return json(200, commentShape(ctx, getComment(ctx, req)));
  }),
  route("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", (ctx, req) => {
    const comment = getComment(ctx, req);
    requireOwnOrWrite(ctx, req, comment);
    const { body } = parseBody(Body, req.body);
    if (body !== comment.body) {
      const from = comment.body;
      comment.body = body;
      comment.updated_at = isoNow(ctx);
      emitComment(ctx, comment, "edited", req.actor.login, { changes: { body: { from } } });
    }
    return json(200, commentShape(ctx, comment));
  }),
  route("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}", (ctx, req) => {
    const comment = getComment(ctx, req);
    requireOwnOrWrite(ctx, req, comment);
    emitComment(ctx, comment, "deleted", req.actor.login);
    delete ctx.state.comments[comment.id];
    return { status: 204 };
  }),
];
