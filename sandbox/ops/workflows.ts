import { parse as parseYaml } from "yaml";
import { isoNow, nextId, nodeId, type SandboxContext } from "../context.js";
import { fail } from "../http.js";
import { entryAt, readBlob, readCommit } from "../objects.js";
import { repositoryShape, userShape } from "../shapes/common.js";
import { headCommitShape } from "../shapes/git.js";
import type { RunRec, WorkflowRec } from "../state.js";
import { emit } from "../webhooks.js";
import { pullRefsFor } from "./checks.js";
import { syncRunCheck } from "./run-checks.js";

/** The parts of a workflow file the sandbox reads. */
export interface WorkflowFile {
  name?: string;
  runName?: string;
  /** The first job's display name (its `name:`, else its key). */
  job: string;
  dispatch: boolean;
  inputs: Record<string, { required: boolean; default?: string }>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads `.github/workflows/<file>` at a commit; undefined when it is not there. */
export async function readWorkflow(
  ctx: SandboxContext,
  path: string,
  commit: string,
): Promise<WorkflowFile | undefined> {
  const entry = await entryAt(ctx.repo, commit, path);
  const bytes = entry?.type === "blob" ? await readBlob(ctx.repo, entry.sha) : undefined;
  if (!bytes) return undefined;
  const doc: unknown = parseYaml(bytes.toString("utf8"));
  if (!isRecord(doc)) return { dispatch: false, inputs: {}, job: "build" };
  // YAML 1.1 parsers read the key `on` as true; the yaml package (1.2) keeps it "on".
  const on = doc.on ?? doc.true;
  const dispatch =
    on === "workflow_dispatch" ||
    (Array.isArray(on) && on.includes("workflow_dispatch")) ||
    (isRecord(on) && "workflow_dispatch" in on);
  const trigger = isRecord(on) && isRecord(on.workflow_dispatch) ? on.workflow_dispatch : {};
  const inputs: WorkflowFile["inputs"] = {};
  for (const [key, spec] of Object.entries(isRecord(trigger.inputs) ? trigger.inputs : {})) {
    const def = isRecord(spec) && spec.default !== undefined ? String(spec.default) : undefined;
    inputs[key] = {
      required: isRecord(spec) && spec.required === true,
      ...(def === undefined ? {} : { default: def }),
    };
  }
  const [jobKey, jobSpec] = Object.entries(isRecord(doc.jobs) ? doc.jobs : {})[0] ?? ["build", {}];
  const job = isRecord(jobSpec) && typeof jobSpec.name === "string" ? jobSpec.name : jobKey;
  const file: WorkflowFile = { dispatch, inputs, job };
  if (typeof doc.name === "string") file.name = doc.name;
  if (typeof doc["run-name"] === "string") file.runName = doc["run-name"];
  return file;
}

/** Finds or registers a workflow by numeric id or file name (both work on GitHub). */
export function workflowRec(ctx: SandboxContext, idOrFile: string, name?: string): WorkflowRec | undefined {
  const byId = Object.values(ctx.state.workflows).find((w) => String(w.id) === idOrFile);
  if (byId) return byId;
  if (/^\d+$/.test(idOrFile)) return undefined;
  const path = `.github/workflows/${idOrFile.replace(/^\.github\/workflows\//, "")}`;
  const known = ctx.state.workflows[path];
  if (known) return known;
  const created: WorkflowRec = { id: nextId(ctx), path, name: name ?? path };
  ctx.state.workflows[path] = created;
  return created;
}

/** Renders `run-name`: `${{ inputs.x }}`, `${{ github.event.inputs.x }}` and a few `github.*` values. */
export function renderRunName(
  template: string,
  values: { inputs: Record<string, string>; ref: string; actor: string },
): string {
  return template.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const input = /^(?:github\.event\.)?inputs\.([A-Za-z0-9_-]+)$/.exec(expr)?.[1];
    if (input) return values.inputs[input] ?? "";
    if (expr === "github.ref_name") return values.ref;
    if (expr === "github.actor" || expr === "github.triggering_actor") return values.actor;
    if (expr === "github.event_name") return "workflow_dispatch";
    return "";
  });
}

/** Checks dispatch inputs against the workflow's declaration, as GitHub's 422s do. */
export function checkInputs(file: WorkflowFile, given: Record<string, unknown>): Record<string, string> {
  const unexpected = Object.keys(given).filter((k) => !(k in file.inputs));
  if (unexpected.length > 0) fail(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  const inputs: Record<string, string> = {};
  for (const [key, spec] of Object.entries(file.inputs)) {
    const value = given[key] ?? spec.default;
    if (value === undefined) {
      if (spec.required) fail(422, `Required input '${key}' not provided`);
      continue;
    }
    inputs[key] = String(value);
  }
  return inputs;
}

/** GitHub's `workflow-run`. */
export async function runShape(ctx: SandboxContext, run: RunRec) {
  const workflow = Object.values(ctx.state.workflows).find((w) => w.id === run.workflow_id);
  const commit = await readCommit(ctx.repo, run.head_sha);
  const url = `${ctx.api}/actions/runs/${run.id}`;
  const repo = repositoryShape(ctx);
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId("WFR", run.id),
    check_suite_id: run.check_suite_id,
    check_suite_node_id: nodeId("CS", run.check_suite_id),
    head_branch: run.head_branch,
    head_sha: run.head_sha,
    path: workflow?.path ?? "",
    display_title: run.display_title,
    run_number: run.run_number,
    run_attempt: run.run_attempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflow_id,
    url,
    html_url: `${ctx.html}/actions/runs/${run.id}`,
    pull_requests: pullRefsFor(ctx, run.head_sha),
    created_at: run.created_at,
    updated_at: run.updated_at,
    actor: userShape(ctx, run.actor),
    triggering_actor: userShape(ctx, run.actor),
    run_started_at: run.run_started_at,
    referenced_workflows: [],
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${ctx.api}/check-suites/${run.check_suite_id}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${ctx.api}/actions/workflows/${run.workflow_id}`,
    head_commit: commit ? headCommitShape(commit) : null,
    repository: repo,
    head_repository: repo,
  };
}

/** Moves a run to a new status, emitting `workflow_run.<in_progress|completed>` as GitHub does. */
export async function setRunStatus(
  ctx: SandboxContext,
  run: RunRec,
  status: "in_progress" | "completed",
  conclusion: string | null,
  sender: string,
): Promise<void> {
  if (run.status === "completed") return;
  run.status = status;
  run.conclusion = status === "completed" ? (conclusion ?? "success") : null;
  run.updated_at = isoNow(ctx);
  await syncRunCheck(ctx, run, sender);
  const workflow = Object.values(ctx.state.workflows).find((w) => w.id === run.workflow_id);
  emit(
    ctx,
    "workflow_run",
    status,
    { workflow_run: await runShape(ctx, run), workflow: workflow && workflowShape(ctx, workflow) },
    sender,
  );
}

/** GitHub's `workflow`. */
export function workflowShape(ctx: SandboxContext, workflow: WorkflowRec) {
  return {
    id: workflow.id,
    node_id: nodeId("W", workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: workflow.state ?? "active",
    created_at: ctx.createdAt,
    updated_at: ctx.createdAt,
    url: `${ctx.api}/actions/workflows/${workflow.id}`,
    html_url: `${ctx.html}/blob/${ctx.defaultBranch}/${workflow.path}`,
    badge_url: `${ctx.html}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  };
}
