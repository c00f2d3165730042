import type { Event } from "../../core/events.js";
import { formatSpecError, hasSpec, parseSpec } from "../../spec/parse.js";
import { issueText } from "../issue-text.js";
import { onboardIfMissing } from "../onboarding-wiring.js";
import { preflight } from "../preflight.js";
import { outcomeId, type PerformEnv, type Performer, requireRecord } from "./perform-env.js";

/**
 * Rule: reading the issue and parsing it has no side effect, and the onboarding check finds its PR again,
 * so this may run any number of times. A spec in the issue body is the plan (DESIGN §1.2), with every
 * problem reported by its line; without one the planner (`deps.planner`, src/github/plan-with-planner.ts)
 * writes the plan, or tells the maintainer how.
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
  if (hasSpec(body)) {
    const parsed = parseSpec(body);
    if (parsed.ok) return [{ type: "PlanReady", id, plan: parsed.plan }];
    return [{ type: "PlanFailed", id, errors: parsed.errors.map(formatSpecError) }];
  }
  const record = requireRecord(env);
  const outcome = await env.deps.planner({
    octokit: env.octokit,
    repo: env.repo,
    issue: { number: env.issue, title, body },
    base: record.base_branch,
    config: record.config,
    log: env.log,
  });
  if (outcome.ok) return [{ type: "PlanReady", id, plan: outcome.plan }];
  return [{ type: "PlanFailed", id, errors: outcome.errors.length > 0 ? outcome.errors : ["the planner failed"] }];
};
