import { z } from "zod";
import type { SandboxContext } from "../context.js";
import { fail, intParam, json, listResponse, notFound, parseBody, type Route, requireRole, route } from "../http.js";
import { getIssue } from "../ops/issues.js";
import { repositoryShape, userShape } from "../shapes/common.js";
import { issueShape } from "../shapes/issue.js";
import type { IssueRec } from "../state.js";
import { emit } from "../webhooks.js";

const AddBlocker = z.object({ issue_id: z.number().int().positive() });

/** The issue with this database id (the dependencies API names blockers by id, not number), or 404. */
function issueById(ctx: SandboxContext, id: number): IssueRec {
  return Object.values(ctx.state.issues).find((i) => i.id === id && !i.isPull) ?? notFound();
}

/** `organization-simple-webhooks`: the issue-dependencies payload requires it; the owner plays the org. */
function organizationShape(ctx: SandboxContext) {
  const user = userShape(ctx, ctx.owner);
  const url = `https://api.github.com/orgs/${ctx.owner}`;
  return {
    login: user.login,
    id: user.id,
    node_id: user.node_id,
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: user.avatar_url,
    description: null,
  };
}

/** What GitHub sends on `issue_dependencies` (`blocked_by_added` / `blocked_by_removed`). */
function emitDependency(
  ctx: SandboxContext,
  action: "blocked_by_added" | "blocked_by_removed",
  blocked: IssueRec,
  blocking: IssueRec,
  sender: string,
): void {
  emit(
    ctx,
    "issue_dependencies",
    action,
    {
      blocked_issue_id: blocked.id,
      blocked_issue: issueShape(ctx, blocked),
      blocking_issue_id: blocking.id,
      blocking_issue: issueShape(ctx, blocking),
      blocking_issue_repo: repositoryShape(ctx),
      organization: organizationShape(ctx),
    },
    sender,
  );
}

const listOf = (ctx: SandboxContext, numbers: readonly number[]) =>
  numbers.flatMap((n) => {
    const issue = ctx.state.issues[n];
    return issue ? [issueShape(ctx, issue)] : [];
  });

/** GitHub's issue dependencies (`…/issues/{n}/dependencies/blocked_by` and `/blocking`). */
export const issueDependencyRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", (ctx, req) => {
    requireRole(ctx, req, "read");
    const issue = getIssue(ctx, intParam(req, "issue_number"));
    return listResponse(req, listOf(ctx, ctx.state.blockedBy[issue.number] ?? []));
  }),
  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocking", (ctx, req) => {
    requireRole(ctx, req, "read");
    const issue = getIssue(ctx, intParam(req, "issue_number"));
    const blocking = Object.entries(ctx.state.blockedBy)
      .filter(([, blockers]) => blockers.includes(issue.number))
      .map(([blocked]) => Number(blocked))
      .sort((a, b) => a - b);
    return listResponse(req, listOf(ctx, blocking));
  }),
  route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", (ctx, req) => {
    requireRole(ctx, req, "triage");
    const blocked = getIssue(ctx, intParam(req, "issue_number"));
    const blocking = issueById(ctx, parseBody(AddBlocker, req.body).issue_id);
    const list = ctx.state.blockedBy[blocked.number] ?? [];
    if (blocking.number === blocked.number) fail(422, "An issue cannot be blocked by itself");
    if (list.includes(blocking.number)) fail(422, "Issue is already blocked by this issue");
    ctx.state.blockedBy[blocked.number] = [...list, blocking.number];
    emitDependency(ctx, "blocked_by_added", blocked, blocking, req.actor.login);
    return json(201, issueShape(ctx, blocking));
  }),
  route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}", (ctx, req) => {
    requireRole(ctx, req, "triage");
    const blocked = getIssue(ctx, intParam(req, "issue_number"));
    const blocking = issueById(ctx, intParam(req, "issue_id"));
    const list = ctx.state.blockedBy[blocked.number] ?? [];
    if (!list.includes(blocking.number)) notFound();
    ctx.state.blockedBy[blocked.number] = list.filter((n) => n !== blocking.number);
    emitDependency(ctx, "blocked_by_removed", blocked, blocking, req.actor.login);
    return json(200, issueShape(ctx, blocking));
  }),
];
