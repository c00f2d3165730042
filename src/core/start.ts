import type { Ctx } from "./ctx.js";
import type { EventOf } from "./events.js";
import { integrationBranch } from "./ids.js";
import { statusLabels } from "./labels.js";
import type { TaskRecord } from "./record.js";
import { eid, emit, log, type Step } from "./step.js";

/**
 * A fresh record for a task that starts now. A task restarted after `/abort` is the next generation of
 * the same record: it keeps the memory of seen events, comments and performed effects so nothing old
 * is replayed, and its effect ids and nonces are new.
 */
export function newTask(previous: TaskRecord | null, event: EventOf<"LabelAdded">, ctx: Ctx): TaskRecord {
  const config = ctx.config;
  return {
    version: 1,
    issue: event.issue,
    generation: (previous?.generation ?? 0) + 1,
    seed: Math.max(0, Math.floor(ctx.now)).toString(36),
    status: "planning",
    paused_from: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    revision: previous?.revision ?? 0,
    config,
    base_branch: config.base_branch ?? event.default_branch,
    integration_branch: config.integration ? integrationBranch(event.issue) : null,
    initial_sha: null,
    integration_head: null,
    assignees: event.assignees,
    plan: null,
    role_briefs: {},
    plan_errors: [],
    preflight: [],
    plan_requests: 0,
    spec_changed: false,
    last_edit: null,
    drafts_refused: previous?.drafts_refused ?? false,
    checkpoints: [],
    modules: [],
    cost_usd: 0,
    failures: [],
    escalation: { episode: previous?.escalation.episode ?? 0, open: false, reason: null },
    final_pr: null,
    blockers: [],
    estimate: null,
    sub_issues_unavailable: null,
    rollbacks: 0,
    seen_events: previous?.seen_events ?? [],
    seen_comments: previous?.seen_comments ?? [],
    log: previous?.log ?? [],
    outbox: previous?.outbox ?? [],
    done_effects: previous?.done_effects ?? [],
  };
}

/** Ask the adapter for the plan (parse the spec, or the planner). */
export function requestPlan(s: Step, reason: string): void {
  s.r.plan_requests += 1;
  s.r.status = "planning";
  emit(s, { type: "RequestPlan", id: eid(s, "plan", s.r.plan_requests), reason });
}

/** The first effects of a task (DESIGN §1.1): 👀 on the issue, `conductor:running`, then the plan. */
export function announceStart(s: Step, sender: string): void {
  emit(s, { type: "React", id: eid(s, "react", "start"), target: { kind: "issue" }, content: "eyes" });
  emit(s, { type: "SetLabels", id: eid(s, "labels", "running", "start"), ...statusLabels("running") });
  log(s, `started by @${sender}`);
  requestPlan(s, "task started");
}
