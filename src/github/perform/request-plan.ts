import type { Event, EventOf } from "../../core/events.js";
import type { Plan } from "../../plan/plan.js";
import { planFromBody } from "../../plan/read-plan.js";
import { rolesOf } from "../../protocol/agent-role.js";
import { onboardIfMissing } from "../onboarding/onboarding-wiring.js";
import { issueText } from "../reads/issue-text.js";
import { preflight } from "../reads/preflight.js";
import { readHistory } from "../reads/read-history.js";
import { readRoleFiles } from "../reads/read-role-files.js";
import { outcomeId, type PerformEnv, type Performer, requireRecord } from "./perform-env.js";

/**
 * Rule: reading the issue and parsing it has no side effect, and the onboarding check finds its PR again,
 * so this may run any number of times. A spec in the issue body is the plan (DESIGN §1.2), with every
 * problem reported by its line, and so is a task file in a ```json block (docs/spec-format.md#task-files);
 * without one the planner (`deps.planner`, src/github/planner/plan-with-planner.ts) writes the plan, or tells
 * the maintainer how.
 */
export const requestPlan: Performer<"RequestPlan"> = async (effect, env) => {
  const started = await startChecks(effect.id, env);
  return [...started, ...(await plan(effect, env))];
};

/**
 * The first plan request of a generation is the task starting: the moment for the pre-flight (the doctor's
 * checks, docs/doctor.md, shown in the dashboard) and to check that the executor workflow exists, offering
 * the onboarding PR, with the pre-flight's findings, when it does not.
 */
async function startChecks(effectId: string, env: PerformEnv): Promise<Event[]> {
  if (!effectId.endsWith(":plan:1")) return [];
  const record = requireRecord(env);
  const findings = await preflight(env, record);
  await onboardIfMissing(env, record, findings);
  return [{ type: "PreflightChecked", id: `effect:${effectId}:preflight`, findings }];
}

const plan: Performer<"RequestPlan"> = async (effect, env) => {
  const id = outcomeId(effect);
  const { title, body } = await issueText(env);
  const record = requireRecord(env);
  const brought = planFromBody(body, record.config.plan.task_file_modules);
  if (brought.kind === "plan") return [await planReady(env, id, brought.plan)];
  if (brought.kind === "errors") return [{ type: "PlanFailed", id, errors: brought.errors }];
  const outcome = await env.deps.planner({
    octokit: env.octokit,
    repo: env.repo,
    issue: { number: env.issue, title, body },
    base: record.base_branch,
    config: record.config,
    log: env.log,
  });
  if (outcome.ok) return [await planReady(env, id, outcome.plan)];
  return [{ type: "PlanFailed", id, errors: outcome.errors.length > 0 ? outcome.errors : ["the planner failed"] }];
};

/**
 * `PlanReady`, with the repository's texts of the roles the plan names (docs/spec-format.md#roles), and,
 * when the plan will wait for `/approve-plan`, the history its estimate learns from (docs/estimates.md).
 */
async function planReady(env: PerformEnv, id: string, plan: Plan): Promise<EventOf<"PlanReady">> {
  const record = requireRecord(env);
  const names = rolesOf(plan);
  const event: EventOf<"PlanReady"> = { type: "PlanReady", id, plan };
  if (names.length > 0) event.role_files = await readRoleFiles(env.octokit, env.repo, record.base_branch, names);
  // Only an approver reads the estimate, so a repository that auto-approves pays no requests for it.
  if (record.config.plan.approval === "required") event.history = await readHistory(env);
  return event;
}
