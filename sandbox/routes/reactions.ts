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
import { reactionShape } from "../shapes/issue.js";
import type { ReactionRec } from "../state.js";

const Content = z.enum(["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]);
const CreateReaction = z.object({ content: Content });

type Subject = { subject: ReactionRec["subject"]; id: number };

function commentSubject(ctx: SandboxContext, req: RouteRequest): Subject {
  const id = intParam(req, "comment_id");
  if (!ctx.state.comments[id]) notFound();
  return { subject: "comment", id };
}

function issueSubject(ctx: SandboxContext, req: RouteRequest): Subject {
  return { subject: "issue", id: getIssue(ctx, intParam(req, "issue_number")).number };
}

function list(ctx: SandboxContext, req: RouteRequest, of: Subject) {
  requireRole(ctx, req, "read");
  const content = req.query.get("content");
  const items = Object.values(ctx.state.reactions)
    .filter((r) => r.subject === of.subject && r.subjectId === of.id && (!content || r.content === content))
    .sort((a, b) => a.id - b.id)
    .map((r) => reactionShape(ctx, r));
  return listResponse(req, items);
}

/** Adds a reaction; the same user reacting the same way again gets the existing one back (200). */
function create(ctx: SandboxContext, req: RouteRequest, of: Subject) {
  requireRole(ctx, req, "read");
  const { content } = parseBody(CreateReaction, req.body);
  const existing = Object.values(ctx.state.reactions).find(
    (r) => r.subject === of.subject && r.subjectId === of.id && r.user === req.actor.login && r.content === content,
  );
  if (existing) return json(200, reactionShape(ctx, existing));
  const reaction: ReactionRec = {
    id: nextId(ctx),
    subject: of.subject,
    subjectId: of.id,
    user: req.actor.login,
    content,
    created_at: isoNow(ctx),
  };
  ctx.state.reactions[reaction.id] = reaction;
  return json(201, reactionShape(ctx, reaction));
}

function remove(ctx: SandboxContext, req: RouteRequest, of: Subject) {
  const reaction = ctx.state.reactions[intParam(req, "reaction_id")];
  if (!reaction || reaction.subject !== of.subject || reaction.subjectId !== of.id) notFound();
  requireRole(ctx, req, reaction.user === req.actor.login ? "read" : "write");
  delete ctx.state.reactions[reaction.id];
  return { status: 204 };
}

/** Reactions on issues and issue comments (GitHub sends no webhook for them). */
export const reactionRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", (ctx, req) =>
    list(ctx, req, commentSubject(ctx, req)),
  ),
  route("POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", (ctx, req) =>
    create(ctx, req, commentSubject(ctx, req)),
  ),
  route("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions/{reaction_id}", (ctx, req) =>
    remove(ctx, req, commentSubject(ctx, req)),
  ),
  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/reactions", (ctx, req) =>
    list(ctx, req, issueSubject(ctx, req)),
  ),
  route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/reactions", (ctx, req) =>
    create(ctx, req, issueSubject(ctx, req)),
  ),
  route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/reactions/{reaction_id}", (ctx, req) =>
    remove(ctx, req, issueSubject(ctx, req)),
  ),
];
