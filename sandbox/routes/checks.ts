import { z } from "zod";
import { isoNow, nextId, type SandboxContext } from "../context.js";
import {
  fail,
  intParam,
  json,
  notFound,
  paginate,
  param,
  parseBody,
  type Route,
  type RouteRequest,
  route,
} from "../http.js";
import { checkRunShape, checkSuiteShape, emitCheckRun, refreshSuite, suiteFor } from "../ops/checks.js";
import { resolveCommit } from "../resolve-commit.js";
import type { AnnotationRec, AppRec, CheckRunRec } from "../state.js";

const Annotation = z.object({
  path: z.string(),
  start_line: z.number().int(),
  end_line: z.number().int(),
  start_column: z.number().int().optional(),
  end_column: z.number().int().optional(),
  annotation_level: z.enum(["notice", "warning", "failure"]),
  message: z.string(),
  title: z.string().optional(),
  raw_details: z.string().optional(),
});
const Output = z.object({
  title: z.string().optional(),
  summary: z.string().optional(),
  text: z.string().optional(),
  annotations: z.array(Annotation).max(50).optional(),
});
const Status = z.enum(["queued", "in_progress", "completed", "waiting", "requested", "pending"]);
const Conclusion = z.enum([
  "action_required",
  "cancelled",
  "failure",
  "neutral",
  "success",
  "skipped",
  "stale",
  "timed_out",
]);
const Fields = {
  name: z.string(),
  details_url: z.string().optional(),
  external_id: z.string().optional(),
  status: Status.optional(),
  started_at: z.string().optional(),
  conclusion: Conclusion.optional(),
  completed_at: z.string().optional(),
  output: Output.optional(),
};
const CreateRun = z.object({ ...Fields, head_sha: z.string() });
const UpdateRun = z.object({ ...Fields, name: z.string().optional() });

/** Only GitHub Apps may write checks (a user token gets 403, as on GitHub). */
function appOf(req: RouteRequest): AppRec {
  return req.actor.app ?? fail(403, "You must authenticate via a GitHub App.");
}

/** Applies fields to a run; a conclusion implies `completed`, as GitHub does. */
function apply(ctx: SandboxContext, run: CheckRunRec, body: z.infer<typeof UpdateRun>): void {
  if (body.name) run.name = body.name;
  if (body.details_url !== undefined) run.details_url = body.details_url;
  if (body.external_id !== undefined) run.external_id = body.external_id;
  if (body.started_at) run.started_at = body.started_at;
  if (body.status) run.status = body.status;
  if (body.conclusion) {
    run.conclusion = body.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") run.completed_at = body.completed_at ?? run.completed_at ?? isoNow(ctx);
  if (run.status === "in_progress" && !run.started_at) run.started_at = isoNow(ctx);
  if (body.output) {
    run.output = {
      title: body.output.title ?? run.output.title,
      summary: body.output.summary ?? run.output.summary,
      text: body.output.text ?? run.output.text,
    };
    for (const a of body.output.annotations ?? []) {
      const annotation: AnnotationRec = {
        path: a.path,
        start_line: a.start_line,
        end_line: a.end_line,
        start_column: a.start_column ?? null,
        end_column: a.end_column ?? null,
        annotation_level: a.annotation_level,
        title: a.title ?? null,
        message: a.message,
        raw_details: a.raw_details ?? null,
      };
      run.annotations.push(annotation);
    }
  }
}

function getRun(ctx: SandboxContext, req: RouteRequest): CheckRunRec {
  return ctx.state.checkRuns[intParam(req, "check_run_id")] ?? notFound();
}

async function refSha(ctx: SandboxContext, req: RouteRequest): Promise<string> {
  const ref = param(req, "ref");
  return (await resolveCommit(ctx.repo, ref)) ?? fail(422, `No commit found for SHA: ${ref}`);
}

/** Check runs and suites: create, update, get, list for a ref, annotations. */
export const checkRoutes: Route[] = [
  route("POST", "/repos/{owner}/{repo}/check-runs", async (ctx, req) => {
    const app = appOf(req);
    const body = parseBody(CreateRun, req.body);
    const sha =
      (await resolveCommit(ctx.repo, body.head_sha)) ?? fail(422, `No commit found for SHA: ${body.head_sha}`);
    const suite = suiteFor(ctx, app, sha);
    const run: CheckRunRec = {
      id: nextId(ctx),
      suite: suite.id,
      app: app.slug,
      name: body.name,
      head_sha: sha,
      status: "queued",
      conclusion: null,
      started_at: isoNow(ctx),
      completed_at: null,
      details_url: null,
      external_id: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
    };
    apply(ctx, run, body);
    ctx.state.checkRuns[run.id] = run;
    await emitCheckRun(ctx, run, "created", req.actor.login);
    if (run.status === "completed") await emitCheckRun(ctx, run, "completed", req.actor.login);
    await refreshSuite(ctx, suite.id, req.actor.login);
    return json(201, checkRunShape(ctx, run));
  }),
  route("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", async (ctx, req) => {
    const app = appOf(req);
    const run = getRun(ctx, req);
    if (run.app !== app.slug)
      fail(403, `Invalid app_id \`${app.id}\` - check run can only be modified by its creator.`);
    const wasCompleted = run.status === "completed";
    apply(ctx, run, parseBody(UpdateRun, req.body));
    if (run.status === "completed" && !wasCompleted) await emitCheckRun(ctx, run, "completed", req.actor.login);
    await refreshSuite(ctx, run.suite, req.actor.login);
    return json(200, checkRunShape(ctx, run));
  }),
  route("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", (ctx, req) =>
    json(200, checkRunShape(ctx, getRun(ctx, req))),
  ),
  route("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations", (ctx, req) => {
    const run = getRun(ctx, req);
    const items = run.annotations.map((a) => ({ ...a, blob_href: `${ctx.html}/blob/${run.head_sha}/${a.path}` }));
    const { items: page, headers } = paginate(req, items);
    return json(200, page, headers);
  }),
  route("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", async (ctx, req) => {
    const sha = await refSha(ctx, req);
    const name = req.query.get("check_name");
    const status = req.query.get("status");
    const appId = req.query.get("app_id");
    let runs = Object.values(ctx.state.checkRuns)
      .filter((r) => r.head_sha === sha)
      .filter((r) => !name || r.name === name)
      .filter((r) => !status || r.status === status)
      .filter((r) => !appId || String(ctx.state.apps[r.app]?.id) === appId)
      .sort((a, b) => b.id - a.id);
    // `filter=latest` (the default) keeps the most recent run per name and app.
    if ((req.query.get("filter") ?? "latest") === "latest") {
      runs = runs.filter((r, i) => runs.findIndex((o) => o.name === r.name && o.app === r.app) === i);
    }
    const { items, headers } = paginate(req, runs);
    return json(200, { total_count: runs.length, check_runs: items.map((r) => checkRunShape(ctx, r)) }, headers);
  }),
  route("GET", "/repos/{owner}/{repo}/commits/{ref}/check-suites", async (ctx, req) => {
    const sha = await refSha(ctx, req);
    const suites = Object.values(ctx.state.checkSuites).filter((s) => s.head_sha === sha);
    const { items, headers } = paginate(req, suites);
    const shaped = await Promise.all(items.map((s) => checkSuiteShape(ctx, s)));
    return json(200, { total_count: suites.length, check_suites: shaped }, headers);
  }),
  route("GET", "/repos/{owner}/{repo}/check-suites/{check_suite_id}", async (ctx, req) => {
    const suite = ctx.state.checkSuites[intParam(req, "check_suite_id")] ?? notFound();
    return json(200, await checkSuiteShape(ctx, suite));
  }),
];
