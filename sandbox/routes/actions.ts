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
  requireRole,
  route,
} from "../http.js";
import { syncRunCheck } from "../ops/run-checks.js";
import {
  checkInputs,
  readWorkflow,
  renderRunName,
  runShape,
  setRunStatus,
  workflowRec,
  workflowShape,
} from "../ops/workflows.js";
import { resolveCommit } from "../resolve-commit.js";
import type { RunRec } from "../state.js";
import { emit } from "../webhooks.js";

const Dispatch = z.object({
  ref: z.string(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  return_run_details: z.boolean().optional(),
});

// `status` filters by status or by conclusion, as GitHub's list endpoint does.
const STATUSES = new Set(["requested", "queued", "in_progress", "completed", "waiting", "pending"]);

async function dispatch(ctx: SandboxContext, req: RouteRequest) {
  requireRole(ctx, req, "write");
  const body = parseBody(Dispatch, req.body);
  const ref = body.ref.replace(/^refs\/(heads|tags)\//, "");
  const sha = (await resolveCommit(ctx.repo, body.ref)) ?? fail(422, `No ref found for: ${body.ref}`);
  const id = param(req, "workflow_id");
  const known = workflowRec(ctx, id);
  const file = known && (await readWorkflow(ctx, known.path, sha));
  if (!known || !file) return fail(404, "Not Found");
  if (file.name) known.name = file.name;
  if (!file.dispatch) fail(422, "Workflow does not have 'workflow_dispatch' trigger");
  const inputs = checkInputs(file, body.inputs ?? {});
  const now = isoNow(ctx);
  const number = Object.values(ctx.state.runs).filter((r) => r.workflow_id === known.id).length + 1;
  const name = file.name ?? known.path;
  const run: RunRec = {
    id: nextId(ctx),
    workflow_id: known.id,
    run_number: number,
    run_attempt: 1,
    name,
    display_title: file.runName ? renderRunName(file.runName, { inputs, ref, actor: req.actor.login }) : name,
    head_branch: ref,
    head_sha: sha,
    event: "workflow_dispatch",
    status: "queued",
    conclusion: null,
    actor: req.actor.login,
    inputs,
    created_at: now,
    updated_at: now,
    run_started_at: now,
    log: "",
    job: file.job,
    check_suite_id: nextId(ctx),
    check_run_id: nextId(ctx),
  };
  ctx.state.runs[run.id] = run;
  await syncRunCheck(ctx, run, req.actor.login);
  emit(
    ctx,
    "workflow_run",
    "requested",
    { workflow_run: await runShape(ctx, run), workflow: workflowShape(ctx, known) },
    req.actor.login,
  );
  if (!body.return_run_details) return { status: 204 };
  return json(200, {
    workflow_run_id: run.id,
    run_url: `${ctx.api}/actions/runs/${run.id}`,
    html_url: `${ctx.html}/actions/runs/${run.id}`,
  });
}

async function listRuns(ctx: SandboxContext, req: RouteRequest, workflowId?: number) {
  requireRole(ctx, req, "read");
  const q = (name: string) => req.query.get(name);
  const status = q("status");
  const runs = Object.values(ctx.state.runs)
    .filter((r) => workflowId === undefined || r.workflow_id === workflowId)
    .filter((r) => !q("branch") || r.head_branch === q("branch"))
    .filter((r) => !q("event") || r.event === q("event"))
    .filter((r) => !q("actor") || r.actor === q("actor"))
    .filter((r) => !q("head_sha") || r.head_sha === q("head_sha"))
    .filter((r) => !status || (STATUSES.has(status) ? r.status === status : r.conclusion === status))
    .sort((a, b) => b.id - a.id);
  const { items, headers } = paginate(req, runs);
  return json(
    200,
    { total_count: runs.length, workflow_runs: await Promise.all(items.map((r) => runShape(ctx, r))) },
    headers,
  );
}

function getRun(ctx: SandboxContext, req: RouteRequest): RunRec {
  return ctx.state.runs[intParam(req, "run_id")] ?? notFound();
}

function jobShape(ctx: SandboxContext, run: RunRec) {
  const id = run.id * 10 + 1;
  return {
    id,
    run_id: run.id,
    run_url: `${ctx.api}/actions/runs/${run.id}`,
    node_id: `J_${id}`,
    head_sha: run.head_sha,
    head_branch: run.head_branch,
    workflow_name: run.name,
    name: run.job,
    url: `${ctx.api}/actions/jobs/${id}`,
    html_url: `${ctx.html}/actions/runs/${run.id}/job/${id}`,
    status: run.status === "requested" ? "queued" : run.status,
    conclusion: run.conclusion,
    created_at: run.created_at,
    started_at: run.run_started_at,
    completed_at: run.status === "completed" ? run.updated_at : null,
    check_run_url: `${ctx.api}/check-runs/${run.check_run_id}`,
    labels: ["ubuntu-latest"],
    runner_id: null,
    runner_name: null,
    runner_group_id: null,
    runner_group_name: null,
  };
}

/** Actions: dispatch a workflow, list/get/cancel runs, jobs and their logs. */
export const actionRoutes: Route[] = [
  route("POST", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", dispatch),
  route("GET", "/repos/{owner}/{repo}/actions/runs", (ctx, req) => listRuns(ctx, req)),
  route("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", (ctx, req) => {
    const workflow = workflowRec(ctx, param(req, "workflow_id")) ?? notFound();
    return listRuns(ctx, req, workflow.id);
  }),
  route("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}", (ctx, req) => {
    requireRole(ctx, req, "read");
    return json(200, workflowShape(ctx, workflowRec(ctx, param(req, "workflow_id")) ?? notFound()));
  }),
  // Enabling and disabling a workflow (Actions-hosted mode turns its sweep workflow on and off).
  ...(["enable", "disable"] as const).map((verb) =>
    route("PUT", `/repos/{owner}/{repo}/actions/workflows/{workflow_id}/${verb}`, (ctx, req) => {
      requireRole(ctx, req, "write");
      const workflow = workflowRec(ctx, param(req, "workflow_id")) ?? notFound();
      workflow.state = verb === "enable" ? "active" : "disabled_manually";
      return { status: 204 };
    }),
  ),
  route("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    return json(200, await runShape(ctx, getRun(ctx, req)));
  }),
  route("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const run = getRun(ctx, req);
    if (run.status === "completed") fail(409, "Cannot cancel a workflow run that is completed.");
    await setRunStatus(ctx, run, "completed", "cancelled", req.actor.login);
    return json(202, {});
  }),
  route("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs", (ctx, req) => {
    requireRole(ctx, req, "read");
    return json(200, { total_count: 1, jobs: [jobShape(ctx, getRun(ctx, req))] });
  }),
  route("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs", (ctx, req) => {
    requireRole(ctx, req, "read");
    const run = ctx.state.runs[Math.floor(intParam(req, "job_id") / 10)] ?? notFound();
    return { status: 200, text: run.log };
  }),
];
