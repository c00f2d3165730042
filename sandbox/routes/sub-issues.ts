import { z } from "zod";
import type { SandboxContext } from "../context.js";
import { fail, intParam, json, listResponse, notFound, parseBody, type Route, requireRole, route } from "../http.js";
import { getIssue } from "../ops/issues.js";
import { issueShape } from "../shapes/issue.js";
import { parentOf } from "../shapes/sub-issues-summary.js";
import type { IssueRec } from "../state.js";

const AddSubIssue = z.object({ sub_issue_id: z.number().int().positive(), replace_parent: z.boolean().optional() });
const RemoveSubIssue = z.object({ sub_issue_id: z.number().int().positive() });

/** A GitHub with the API: without it (`subIssues: false`, an older GHES) every route answers 404. */
function available(ctx: SandboxContext): void {
  if (!ctx.subIssues) notFound();
}

/** An issue (not a pull request) of this repository, named by its number; 404 otherwise. */
function issueAt(ctx: SandboxContext, number: number): IssueRec {
  const issue = getIssue(ctx, number);
  return issue.isPull ? notFound() : issue;
}

/** The issue with this database id (the sub-issues API names children by id, not number), or 404. */
function issueById(ctx: SandboxContext, id: number): IssueRec {
  return Object.values(ctx.state.issues).find((i) => i.id === id && !i.isPull) ?? notFound();
}

/** GitHub's sub-issues (`…/issues/{n}/sub_issues`, `…/sub_issue`, `…/parent`). */
export const subIssueRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues", (ctx, req) => {
    available(ctx);
    requireRole(ctx, req, "read");
    const parent = issueAt(ctx, intParam(req, "issue_number"));
    const children = (ctx.state.subIssues[parent.number] ?? []).flatMap((n) => {
      const issue = ctx.state.issues[n];
      return issue ? [issueShape(ctx, issue)] : [];
    });
    return listResponse(req, children);
  }),
  route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues", (ctx, req) => {
    available(ctx);
    requireRole(ctx, req, "triage");
    const parent = issueAt(ctx, intParam(req, "issue_number"));
    const body = parseBody(AddSubIssue, req.body);
    const child = issueById(ctx, body.sub_issue_id);
    if (child.number === parent.number) fail(422, "An issue cannot be a sub-issue of itself");
    const list = ctx.state.subIssues[parent.number] ?? [];
    if (list.includes(child.number)) fail(422, "Sub-issue already exists on this parent");
    const current = parentOf(ctx, child.number);
    if (current !== undefined) {
      if (!body.replace_parent) fail(422, "Issue may not contain duplicate sub-issues or already have a parent");
      ctx.state.subIssues[current] = (ctx.state.subIssues[current] ?? []).filter((n) => n !== child.number);
    }
    ctx.state.subIssues[parent.number] = [...list, child.number];
    return json(201, issueShape(ctx, child));
  }),
  route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue", (ctx, req) => {
    available(ctx);
    requireRole(ctx, req, "triage");
    const parent = issueAt(ctx, intParam(req, "issue_number"));
    const child = issueById(ctx, parseBody(RemoveSubIssue, req.body).sub_issue_id);
    const list = ctx.state.subIssues[parent.number] ?? [];
    if (!list.includes(child.number)) notFound();
    ctx.state.subIssues[parent.number] = list.filter((n) => n !== child.number);
    return json(200, issueShape(ctx, child));
  }),
  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/parent", (ctx, req) => {
    available(ctx);
    requireRole(ctx, req, "read");
    const child = issueAt(ctx, intParam(req, "issue_number"));
    const parent = parentOf(ctx, child.number);
    return parent === undefined ? notFound() : json(200, issueShape(ctx, getIssue(ctx, parent)));
  }),
];
