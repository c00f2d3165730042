import { z } from "zod";
import type { Config } from "../../config/schema.js";
import { integrationBranch, moduleBranch, moduleKey } from "../../core/ids.js";
import { TaskFacts } from "../../core/task-facts.js";
import { parseSpec } from "../../plan/parse.js";
import type { Plan } from "../../plan/plan.js";
import { planFromBody } from "../../plan/read-plan.js";
import { bareMarker } from "../../protocol/marker.js";
import { isFailure } from "../octokit/http-error.js";
import { readRef } from "../reads/git-refs.js";
import type { TaskEnv } from "../reconcile/task-env.js";
import { readModulePulls } from "./read-module-pulls.js";

const IssueData = z.object({
  state: z.enum(["open", "closed"]),
  body: z.string().nullish(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])),
  assignees: z.array(z.object({ login: z.string() })).nullish(),
});
const RepoData = z.object({ default_branch: z.string() });
const RefList = z.array(z.object({ ref: z.string(), object: z.object({ sha: z.string() }) }));
const Compare = z.object({ merge_base_commit: z.object({ sha: z.string() }) });
const Comment = z.object({ body: z.string().nullish(), user: z.object({ login: z.string() }).nullable() });

/** The plan the dashboard shows ("Plan (copy into the issue body to edit it)", src/github/dashboard/dashboard.ts). */
async function dashboardPlan(env: TaskEnv): Promise<Plan | null> {
  const bot = await env.identity.botLogin();
  const res = await env.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...env.repo,
    issue_number: env.issue,
    per_page: 100,
  });
  const dashboard = z
    .array(Comment)
    .parse(res.data)
    .find((c) => c.user?.login === bot && (c.body ?? "").includes(bareMarker("dashboard")));
  const block = /````markdown\n([\s\S]*?)\n````/.exec(dashboard?.body ?? "")?.[1];
  if (block === undefined) return null;
  const parsed = parseSpec(block);
  return parsed.ok ? parsed.plan : null;
}

/** Where the integration branch forked from the base: phase 1's base (`initial_sha`), kept for `/rollback`. */
async function integrationFacts(env: TaskEnv, base: string): Promise<TaskFacts["integration"]> {
  const head = await readRef(env.octokit, env.repo, `refs/heads/${integrationBranch(env.issue)}`);
  if (head === null) return null;
  try {
    const res = await env.octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
      ...env.repo,
      basehead: `${base}...${integrationBranch(env.issue)}`,
    });
    return { head, fork_point: Compare.parse(res.data).merge_base_commit.sha };
  } catch (error) {
    if (isFailure(error, 404)) return { head, fork_point: null };
    throw error;
  }
}

/** `refs/conductor/<issue>/checkpoint-<phase>` (src/github/perform/record-checkpoint.ts). */
async function checkpoints(env: TaskEnv): Promise<TaskFacts["checkpoints"]> {
  const prefix = `refs/conductor/${env.issue}/checkpoint-`;
  const res = await env.octokit.request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", {
    ...env.repo,
    ref: prefix.replace(/^refs\//, ""),
  });
  return RefList.parse(res.data).flatMap((r) => {
    const phase = Number(r.ref.slice(prefix.length));
    return Number.isSafeInteger(phase) && phase > 0 ? [{ phase, sha: r.object.sha }] : [];
  });
}

/**
 * Reads what GitHub shows of a task, for a record rebuilt by `/reset` or an `/abort` of a task whose record is
 * unreadable (src/core/rebuild-task.ts decides from it): the issue (open, labels, assignees), the plan (the
 * issue body's spec or task file as `RequestPlan` reads it, else the dashboard's copy), the integration branch,
 * the checkpoint refs, and per plan module its PRs with their briefs and the app's result comments. About
 * 5 + 2 × modules requests, once per repair.
 */
export async function readTaskFacts(env: TaskEnv, config: Config): Promise<TaskFacts> {
  const issueRes = await env.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
    ...env.repo,
    issue_number: env.issue,
  });
  const issue = IssueData.parse(issueRes.data);
  const repoRes = await env.octokit.request("GET /repos/{owner}/{repo}", { ...env.repo });
  const defaultBranch = RepoData.parse(repoRes.data).default_branch;
  const fromBody = planFromBody(issue.body ?? "", config.plan.task_file_modules);
  let plan: Plan | null = fromBody.kind === "plan" ? fromBody.plan : null;
  let planFrom: TaskFacts["plan_from"] = plan ? "issue" : null;
  if (plan === null) {
    plan = await dashboardPlan(env);
    planFrom = plan ? "dashboard" : null;
  }
  const bot = await env.identity.botLogin();
  const pulls: TaskFacts["pulls"] = {};
  for (const phase of plan?.phases ?? []) {
    for (const m of phase.modules) {
      const key = moduleKey(phase.number, m.slug);
      pulls[key] = await readModulePulls(env.octokit, env.repo, moduleBranch(env.issue, key), bot, config);
    }
  }
  return TaskFacts.parse({
    issue: env.issue,
    issue_open: issue.state === "open",
    labels: issue.labels.map((l) => (typeof l === "string" ? l : l.name)),
    assignees: (issue.assignees ?? []).map((a) => a.login),
    default_branch: defaultBranch,
    plan,
    plan_from: planFrom,
    plan_errors: fromBody.kind === "errors" && plan === null ? fromBody.errors : [],
    integration: config.integration ? await integrationFacts(env, config.base_branch ?? defaultBranch) : null,
    checkpoints: await checkpoints(env),
    pulls,
  });
}
