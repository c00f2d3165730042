import { NO_HISTORY } from "../estimate/estimate.js";
import { estimatePlan } from "../estimate/estimate-plan.js";
import type { Plan } from "../plan/plan.js";
import { BUILTIN_ROLE_NAMES, BUILTIN_ROLES } from "../protocol/agent-role.js";
import { advance } from "./advance.js";
import type { EventOf } from "./events.js";
import { moduleBranch, moduleKey } from "./ids.js";
import type { ModuleRecord, TaskRecord } from "./record.js";
import { effectiveStatus, eid, emit, log, type Step, setStatus } from "./step.js";
import { stopModule } from "./stop-module.js";

/** A module record for a plan module, not started. */
export function newModule(issue: number, phase: number, name: string, slug: string): ModuleRecord {
  const key = moduleKey(phase, slug);
  return {
    key,
    phase,
    name,
    slug,
    branch: moduleBranch(issue, key),
    state: "pending",
    base_sha: null,
    pr: null,
    head_sha: null,
    attempts: [],
    window: 0,
    heads: [],
    gate: null,
    approved_sha: null,
    approvers: [],
    due_at: null,
    next_mode: "implement",
    brief_attempt: null,
    note: null,
    merge_sha: null,
    merged_at: null,
    reason: null,
    infra_streak: 0,
    old_prs: [],
    sub_issue: null,
  };
}

/** Problems the spec parser cannot know about: limits from the configuration. */
export function planLimitErrors(plan: Plan, r: TaskRecord, roleFiles: Readonly<Record<string, string>> = {}): string[] {
  const errors: string[] = unknownRoles(plan, roleFiles);
  const count = plan.phases.reduce((n, p) => n + p.modules.length, 0);
  if (count > r.config.limits.max_modules) {
    errors.push(`the plan has ${count} modules; limits.max_modules allows ${r.config.limits.max_modules}`);
  }
  const keys = plan.phases.flatMap((p) => p.modules.map((m) => moduleKey(p.number, m.slug)));
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (twice.length > 0) errors.push(`module branches would repeat: ${[...new Set(twice)].join(", ")}`);
  return errors;
}

/**
 * A role is known when it is built in or the repository has `.github/conductor/roles/<role>.md`
 * (docs/spec-format.md#roles); a `roles:` entry in the configuration only tunes one, it brings no text.
 */
function unknownRoles(plan: Plan, roleFiles: Readonly<Record<string, string>>): string[] {
  return plan.phases.flatMap((phase) =>
    phase.modules.flatMap((m) => {
      if (m.role === undefined || BUILTIN_ROLES[m.role] !== undefined || roleFiles[m.role] !== undefined) return [];
      return [
        `module "${m.name}" (phase ${phase.number}) names the role "${m.role}", which is not built in (${BUILTIN_ROLE_NAMES.join(", ")}) and has no .github/conductor/roles/${m.role}.md on the base branch`,
      ];
    }),
  );
}

function reportPlanErrors(s: Step, errors: string[]): void {
  s.r.plan_errors = errors;
  emit(s, {
    type: "Comment",
    id: eid(s, "plan-errors", s.r.plan_requests),
    target: { kind: "issue" },
    body: [
      "Conductor could not use the plan:",
      "",
      ...errors.map((e) => `- ${e}`),
      "",
      "Edit the issue to fix it; Conductor reads it again.",
    ].join("\n"),
  });
  log(s, `plan rejected (${errors.length} problem${errors.length === 1 ? "" : "s"})`);
}

/**
 * A changed plan replaces the modules: their PRs are closed and their runs cancelled, and the task
 * starts a new generation so the new modules' effect ids and nonces never meet the old ones.
 */
function replaceModules(s: Step): void {
  const { r, ctx } = s;
  for (const m of r.modules) {
    stopModule(s, m, "The issue's plan changed; this module is started again from the new plan.");
  }
  r.generation += 1;
  r.seed = Math.max(0, Math.floor(ctx.now)).toString(36);
  r.modules = [];
}

/** The plan is in (DESIGN §1.2): wait for `/approve-plan` when required, else start. */
export function onPlanReady(s: Step, event: EventOf<"PlanReady">): void {
  const { r } = s;
  if (effectiveStatus(r) !== "planning") return;
  const errors = planLimitErrors(event.plan, r, event.role_files);
  if (errors.length > 0) {
    reportPlanErrors(s, errors);
    return;
  }
  r.plan_errors = [];
  r.role_briefs = { ...event.role_files };
  const unchanged = r.modules.length > 0 && JSON.stringify(r.plan) === JSON.stringify(event.plan);
  if (!unchanged) {
    if (r.modules.length > 0) replaceModules(s);
    r.plan = event.plan;
    r.modules = event.plan.phases.flatMap((p) => p.modules.map((m) => newModule(r.issue, p.number, m.name, m.slug)));
  }
  const phases = event.plan.phases.length;
  log(s, `plan ready: ${phases} phase${phases === 1 ? "" : "s"}, ${r.modules.length} modules`);
  if (!unchanged && r.config.plan.approval === "required") {
    setStatus(r, "awaiting_approval");
    // Made now and kept as approved: the final PR compares actuals with what the approver saw (docs/estimates.md).
    r.estimate = estimatePlan(event.plan, event.history ?? NO_HISTORY, r.config, s.ctx.now);
    emit(s, {
      type: "Comment",
      id: eid(s, "approval", r.plan_requests),
      target: { kind: "issue" },
      body: "The plan is in the dashboard. A maintainer starts it by commenting `/approve-plan`.",
    });
    return;
  }
  // An auto-approved plan has no estimate (docs/estimates.md#when): an earlier plan's would compare wrongly.
  if (!unchanged) r.estimate = null;
  setStatus(r, "running");
  advance(s);
}

/** The spec or the planner failed: say so with every error; an edit of the issue reads it again. */
export function onPlanFailed(s: Step, event: EventOf<"PlanFailed">): void {
  if (effectiveStatus(s.r) !== "planning") return;
  reportPlanErrors(s, event.errors);
}
