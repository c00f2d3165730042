import { z } from "zod";
import type { SandboxContext } from "../context.js";
import {
  fail,
  intParam,
  invalid,
  json,
  listResponse,
  notFound,
  param,
  parseBody,
  type Route,
  type RouteRequest,
  requireRole,
  route,
} from "../http.js";
import { addLabels, createLabel, findLabel, getIssue, removeLabel, setLabels } from "../ops/issues.js";
import { issueLabels, labelShape } from "../shapes/issue.js";

const Name = z.union([z.string(), z.object({ name: z.string() })]);
// The API takes `{ labels: [...] }`, a bare array, or a single name; GitHub recommends the first.
const LabelsBody = z.union([z.object({ labels: z.array(Name).optional() }), z.array(Name), z.string()]);

function names(body: z.infer<typeof LabelsBody>): string[] {
  const list = typeof body === "string" ? [body] : Array.isArray(body) ? body : (body.labels ?? []);
  return list.map((l) => (typeof l === "string" ? l : l.name));
}

const CreateLabel = z.object({
  name: z.string().min(1),
  color: z.string().optional(),
  description: z.string().nullish(),
});

const UpdateLabel = z.object({
  new_name: z.string().optional(),
  color: z.string().optional(),
  description: z.string().nullish(),
});

function labelsOf(ctx: SandboxContext, req: RouteRequest) {
  return issueLabels(ctx, getIssue(ctx, intParam(req, "issue_number")));
}

/** Labels on issues and the repository's label set. */
export const labelRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", (ctx, req) => {
    requireRole(ctx, req, "read");
    return listResponse(req, labelsOf(ctx, req));
  }),
  route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", async (ctx, req) => {
    requireRole(ctx, req, "triage");
    const issue = getIssue(ctx, intParam(req, "issue_number"));
    await addLabels(ctx, issue, names(parseBody(LabelsBody, req.body)), req.actor.login);
    return json(200, issueLabels(ctx, issue));
  }),
  route("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels", async (ctx, req) => {
    requireRole(ctx, req, "triage");
    const issue = getIssue(ctx, intParam(req, "issue_number"));
    await setLabels(ctx, issue, names(parseBody(LabelsBody, req.body)), req.actor.login);
    return json(200, issueLabels(ctx, issue));
  }),
  route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels", async (ctx, req) => {
    requireRole(ctx, req, "triage");
    await setLabels(ctx, getIssue(ctx, intParam(req, "issue_number")), [], req.actor.login);
    return { status: 204 };
  }),
  route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", async (ctx, req) => {
    requireRole(ctx, req, "triage");
    const issue = getIssue(ctx, intParam(req, "issue_number"));
    if (!(await removeLabel(ctx, issue, param(req, "name"), req.actor.login))) fail(404, "Label does not exist");
    return json(200, issueLabels(ctx, issue));
  }),
  route("GET", "/repos/{owner}/{repo}/labels", (ctx, req) => {
    requireRole(ctx, req, "read");
    return listResponse(
      req,
      Object.values(ctx.state.labels).map((l) => labelShape(ctx, l)),
    );
  }),
  route("POST", "/repos/{owner}/{repo}/labels", (ctx, req) => {
    requireRole(ctx, req, "write");
    const body = parseBody(CreateLabel, req.body);
    if (findLabel(ctx, body.name)) invalid({ resource: "Label", code: "already_exists", field: "name" });
    return json(201, labelShape(ctx, createLabel(ctx, body.name, body.color, body.description ?? null)));
  }),
  route("GET", "/repos/{owner}/{repo}/labels/{name}", (ctx, req) => {
    requireRole(ctx, req, "read");
    return json(200, labelShape(ctx, findLabel(ctx, param(req, "name")) ?? notFound()));
  }),
  route("PATCH", "/repos/{owner}/{repo}/labels/{name}", (ctx, req) => {
    requireRole(ctx, req, "write");
    const label = findLabel(ctx, param(req, "name")) ?? notFound();
    const body = parseBody(UpdateLabel, req.body);
    if (body.color) label.color = body.color.replace(/^#/, "");
    if (body.description !== undefined) label.description = body.description;
    if (body.new_name && body.new_name !== label.name) {
      delete ctx.state.labels[label.name.toLowerCase()];
      for (const issue of Object.values(ctx.state.issues)) {
        issue.labels = issue.labels.map((l) =>
          l.toLowerCase() === label.name.toLowerCase() ? (body.new_name ?? l) : l,
        );
      }
      label.name = body.new_name;
      ctx.state.labels[label.name.toLowerCase()] = label;
    }
    return json(200, labelShape(ctx, label));
  }),
  route("DELETE", "/repos/{owner}/{repo}/labels/{name}", (ctx, req) => {
    requireRole(ctx, req, "write");
    const label = findLabel(ctx, param(req, "name")) ?? notFound();
    delete ctx.state.labels[label.name.toLowerCase()];
    for (const issue of Object.values(ctx.state.issues)) {
      issue.labels = issue.labels.filter((l) => l.toLowerCase() !== label.name.toLowerCase());
    }
    return { status: 204 };
  }),
];
