import { z } from "zod";
import { isoNow, nextId, nextNumber, type SandboxContext } from "../context.js";
import { intParam, json, listResponse, parseBody, type Route, type RouteRequest, requireRole, route } from "../http.js";
import { addLabels, emitIssue, getIssue, setAssignees, setIssueState, setLabels } from "../ops/issues.js";
import { issueShape } from "../shapes/issue.js";
import type { IssueRec } from "../state.js";

const LabelInput = z.array(z.union([z.string(), z.object({ name: z.string() })]));
/** Label names from any of the forms the API accepts (`["a"]` or `[{ name: "a" }]`). */
export const labelNames = (labels: z.infer<typeof LabelInput>) =>
  labels.map((l) => (typeof l === "string" ? l : l.name));

const CreateIssue = z.object({
  title: z.union([z.string(), z.number()]).transform(String),
  body: z.string().nullish(),
  labels: LabelInput.optional(),
  assignees: z.array(z.string()).optional(),
});

const UpdateIssue = z.object({
  title: z.union([z.string(), z.number()]).nullish(),
  body: z.string().nullish(),
  state: z.enum(["open", "closed"]).optional(),
  state_reason: z.enum(["completed", "not_planned", "duplicate", "reopened"]).nullish(),
  labels: LabelInput.optional(),
  assignees: z.array(z.string()).optional(),
});

/** Applies the fields of an issue (or pull request) update, emitting an event per change. */
export async function updateIssueFields(
  ctx: SandboxContext,
  issue: IssueRec,
  body: z.infer<typeof UpdateIssue>,
  sender: string,
): Promise<void> {
  const changes: Record<string, { from: string | null }> = {};
  if (body.title !== undefined && body.title !== null && String(body.title) !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = String(body.title);
  }
  if (body.body !== undefined && body.body !== issue.body) {
    changes.body = { from: issue.body };
    issue.body = body.body;
  }
  if (Object.keys(changes).length > 0) {
    issue.updated_at = isoNow(ctx);
    await emitIssue(ctx, issue, "edited", sender, { changes });
  }
  if (body.labels) await setLabels(ctx, issue, labelNames(body.labels), sender);
  if (body.assignees) await setAssignees(ctx, issue, body.assignees, sender);
  if (body.state) await setIssueState(ctx, issue, body.state, body.state_reason ?? null, sender);
}

function listIssues(ctx: SandboxContext, req: RouteRequest) {
  const state = req.query.get("state") ?? "open";
  const labels = (req.query.get("labels") ?? "")
    .split(",")
    .filter(Boolean)
    .map((l) => l.toLowerCase());
  const creator = req.query.get("creator");
  const since = req.query.get("since");
  const descending = (req.query.get("direction") ?? "desc") === "desc";
  const sortKey = req.query.get("sort") === "updated" ? "updated_at" : "created_at";
  return Object.values(ctx.state.issues)
    .filter((i) => state === "all" || i.state === state)
    .filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
    .filter((i) => !creator || i.user.toLowerCase() === creator.toLowerCase())
    .filter((i) => !since || i.updated_at >= since)
    .sort(
      (a, b) =>
        (a[sortKey] === b[sortKey] ? a.number - b.number : a[sortKey] < b[sortKey] ? -1 : 1) * (descending ? -1 : 1),
    );
}

/** Issues: list, create, get, update. */
export const issueRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/issues", (ctx, req) => {
    requireRole(ctx, req, "read");
    return listResponse(
      req,
      listIssues(ctx, req).map((i) => issueShape(ctx, i)),
    );
  }),
  route("POST", "/repos/{owner}/{repo}/issues", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const body = parseBody(CreateIssue, req.body);
    const now = isoNow(ctx);
    const issue: IssueRec = {
      number: nextNumber(ctx),
      id: nextId(ctx),
      title: body.title,
      body: body.body ?? null,
      state: "open",
      state_reason: null,
      user: req.actor.login,
      labels: [],
      assignees: body.assignees ?? [],
      locked: false,
      isPull: false,
      created_at: now,
      updated_at: now,
      closed_at: null,
      closed_by: null,
    };
    ctx.state.issues[issue.number] = issue;
    await emitIssue(ctx, issue, "opened", req.actor.login);
    if (body.labels) await addLabels(ctx, issue, labelNames(body.labels), req.actor.login);
    return json(201, issueShape(ctx, issue));
  }),
  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}", (ctx, req) => {
    requireRole(ctx, req, "read");
    return json(200, issueShape(ctx, getIssue(ctx, intParam(req, "issue_number"))));
  }),
  route("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", async (ctx, req) => {
    const issue = getIssue(ctx, intParam(req, "issue_number"));
    const body = parseBody(UpdateIssue, req.body);
    // Authors may edit their own title and body; everything else needs triage.
    const ownText = issue.user === req.actor.login && !body.state && !body.labels && !body.assignees;
    requireRole(ctx, req, ownText ? "read" : "triage");
    await updateIssueFields(ctx, issue, body, req.actor.login);
    return json(200, issueShape(ctx, issue));
  }),
];
