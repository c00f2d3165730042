import { abortTask } from "./abort.js";
import { advance } from "./advance.js";
import type { Ctx, Transition } from "./ctx.js";
import { escalate } from "./escalate.js";
import type { EventOf } from "./events.js";
import { integrationBranch } from "./ids.js";
import { statusLabels } from "./labels.js";
import { newModule } from "./on-plan.js";
import { onResultPosted } from "./on-result.js";
import { rebuildModule } from "./rebuild-module.js";
import type { TaskRecord } from "./record.js";
import { requestPlan } from "./start.js";
import { eid, emit, log, type Step } from "./step.js";
import type { TaskFacts } from "./task-facts.js";

/**
 * What a rebuilt record never holds, whatever GitHub says: said in every `/reset` reply so nobody is surprised
 * (docs/commands.md#reset).
 */
export const ALWAYS_LOST = [
  "attempt budget windows: each module's charged attempts count from the rebuilt ones, in one fresh window",
  "infrastructure failures that left no result comment, the circuit breaker's history and earlier escalations",
  "`/retry` notes not yet used, failure signatures and the feedback of earlier attempts",
  "approvals under `gates.review: required` (a new approving review is needed) and the times of checkpoints",
];

/** The generation's seed, read back from a nonce (`<seed>-<issue>-<key>-a<n>`, src/core/ids.ts). */
function seedOf(nonce: string, issue: number): string | null {
  const at = nonce.indexOf(`-${issue}-`);
  const seed = at > 0 ? nonce.slice(0, at) : "";
  return /^[a-z0-9]{1,16}$/.test(seed) ? seed : null;
}

/** A record like `newTask`'s, for a task found on GitHub instead of started from a label. */
function skeleton(facts: TaskFacts, seed: string, ctx: Ctx): TaskRecord {
  const config = ctx.config;
  return {
    version: 1,
    issue: facts.issue,
    generation: 1,
    seed,
    status: "running",
    paused_from: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    revision: 0,
    config,
    base_branch: config.base_branch ?? facts.default_branch,
    integration_branch: config.integration ? integrationBranch(facts.issue) : null,
    initial_sha: facts.integration?.fork_point ?? null,
    integration_head: facts.integration?.head ?? null,
    assignees: facts.assignees,
    plan: facts.plan,
    role_briefs: {},
    plan_errors: facts.plan_errors,
    preflight: [],
    plan_requests: 1,
    spec_changed: false,
    last_edit: null,
    drafts_refused: false,
    checkpoints: [],
    modules: [],
    cost_usd: 0,
    failures: [],
    escalation: { episode: 0, open: false, reason: null },
    final_pr: null,
    // An estimate lives only in the record; the final PR of a reset task shows actuals without one.
    estimate: null,
    // Sub-issues are found again by their marker when the core asks for them (src/github/sub-issues/).
    sub_issues_unavailable: null,
    blockers: [],
    rollbacks: 0,
    seen_events: [],
    seen_comments: [],
    log: [],
    outbox: [],
    done_effects: [],
  };
}

/** The seed of the newest module PR's brief: the generation the task is in now. */
function currentSeed(facts: TaskFacts, ctx: Ctx): string {
  const newest = Object.values(facts.pulls)
    .flat()
    .filter((p) => p.brief !== null)
    .sort((a, b) => b.number - a.number)[0];
  const seed = newest?.brief ? seedOf(newest.brief.nonce, facts.issue) : null;
  return seed ?? Math.max(0, Math.floor(ctx.now)).toString(36);
}

/**
 * Rebuilds a task's record from what GitHub shows (`facts`) and applies the `/reset` or `/abort` that asked for
 * it (src/core/unreadable.ts). Pure: the adapter read the facts and will write the record over the unreadable
 * one with compare-and-swap. The rebuilt task is running (paused when the trigger label is gone, blocked when a
 * module's PR was closed unmerged); each module's last result is replayed, so the gates are decided again, and
 * the task goes on from there. The `/reset` reply lists what was rebuilt and what cannot be.
 */
export function rebuildTask(facts: TaskFacts, event: EventOf<"CommandReceived">, ctx: Ctx): Transition<TaskRecord> {
  const r = skeleton(facts, currentSeed(facts, ctx), ctx);
  const s: Step = { r, ctx, effects: [] };
  const gaps: string[] = [];
  const replay: EventOf<"ResultPosted">[] = [];
  const knownPhases = new Set(r.plan?.phases.map((p) => p.number) ?? []);
  r.checkpoints = facts.checkpoints
    .filter((c) => knownPhases.has(c.phase))
    .sort((a, b) => a.phase - b.phase)
    .map((c) => ({ ...c, at: ctx.now }));
  if (r.plan) {
    r.modules = r.plan.phases.flatMap((p) => p.modules.map((m) => newModule(r.issue, p.number, m.name, m.slug)));
    for (const m of r.modules) {
      const last = rebuildModule(s, m, facts.pulls[m.key] ?? [], gaps);
      if (last) {
        const id = `${event.id}:rebuild:${m.key}`;
        replay.push({ type: "ResultPosted", id, module: m.key, ...last, author_is_app: true });
      }
    }
    if (facts.plan_from === "dashboard") gaps.push("the plan was read from the dashboard: the issue body has none");
  } else {
    gaps.push("no plan: the issue body has none and the dashboard shows none; it is requested again");
  }
  log(s, `record rebuilt from GitHub by @${event.sender}`);
  s.r.seen_comments.push(event.comment_id);
  s.r.seen_events.push(event.id);
  const summary = summarize(r, facts);

  if (event.command.name === "abort" || !facts.issue_open) {
    const why =
      event.command.name === "abort" ? (event.command.reason ?? `/abort by @${event.sender}`) : "the issue is closed";
    abortTask(s, event.command.name === "abort" && event.command.reason ? `${why} (@${event.sender})` : why);
    emit(s, {
      type: "React",
      id: eid(s, "react", event.comment_id),
      target: { kind: "comment", comment_id: event.comment_id },
      content: "eyes",
    });
    return done(
      s,
      [
        `@${event.sender} the record was unreadable; Conductor rebuilt it from GitHub (${summary}) and aborted the task: open module PRs closed, running executor runs cancelled.`,
      ],
      event,
    );
  }
  for (const result of replay) onResultPosted(s, result);
  // Whether a plan that needs approval was approved is only in the record; a task that never opened a PR may
  // not have been, so it waits for `/approve-plan` again rather than start on its own.
  const started = r.modules.some((m) => m.pr !== null || m.old_prs.length > 0);
  if (r.plan && !started && r.config.plan.approval === "required") {
    r.status = "awaiting_approval";
    gaps.push("whether the plan was approved: nothing had started, so it waits for `/approve-plan` again");
  }
  const closed = r.modules.filter((m) => m.state === "closed");
  const trigger = r.config.trigger.label;
  if (closed.length > 0) {
    escalate(
      s,
      `${closed.map((m) => `${m.name}: ${m.reason}`).join("; ")}; /retry on the issue opens new PRs`,
      closed.map((m) => m.key),
    );
  } else if (!facts.labels.includes(trigger)) {
    r.paused_from = r.status;
    r.status = "paused";
    gaps.push(`the issue has no \`${trigger}\` label, so the task is paused; add it to resume`);
  } else {
    emit(s, {
      type: "SetLabels",
      id: eid(s, "labels", "running", "reset", event.comment_id),
      ...statusLabels("running"),
    });
  }
  if (r.plan === null) requestPlan(s, "record rebuilt without a plan");
  else advance(s);
  emit(s, {
    type: "React",
    id: eid(s, "react", event.comment_id),
    target: { kind: "comment", comment_id: event.comment_id },
    content: "eyes",
  });
  return done(
    s,
    [
      `@${event.sender} Conductor rebuilt this task's record from GitHub and the task goes on from it: ${summary}.`,
      "",
      "What it could not rebuild:",
      ...[...gaps, ...ALWAYS_LOST].map((g) => `- ${g}`),
    ],
    event,
  );
}

/** "2 phases, 4 modules (2 merged, 1 at work), 1 checkpoint, 3 result comments, plan from the issue". */
function summarize(r: TaskRecord, facts: TaskFacts): string {
  const merged = r.modules.filter((m) => m.state === "merged").length;
  const working = r.modules.filter((m) => m.pr !== null && m.state !== "merged" && m.state !== "closed").length;
  const results = r.modules.reduce((n, m) => n + m.attempts.filter((a) => a.result !== null).length, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return [
    `${plural(r.plan?.phases.length ?? 0, "phase")}, ${plural(r.modules.length, "module")} (${merged} merged, ${working} with an open PR)`,
    plural(r.checkpoints.length, "checkpoint"),
    `${plural(results, "result")} of the app`,
    facts.plan_from ? `plan from the ${facts.plan_from}` : "no plan",
  ].join(", ");
}

/** The rebuilt record with the reply and a dashboard refresh in its outbox, ready to be written. */
function done(s: Step, reply: string[], event: EventOf<"CommandReceived">): Transition<TaskRecord> {
  const target =
    event.where.kind === "issue" ? ({ kind: "issue" } as const) : ({ kind: "pull", pr: event.where.pr } as const);
  emit(s, { type: "Comment", id: eid(s, "reply", event.comment_id), target, body: reply.join("\n") });
  s.r.revision = 1;
  s.r.updated_at = s.ctx.now;
  emit(s, { type: "UpsertDashboard", id: eid(s, "dashboard", "reset", event.comment_id), reply: null });
  const seen = new Set<string>();
  const effects = s.effects.filter((e) => !seen.has(e.id) && seen.add(e.id) !== undefined);
  s.r.outbox = effects;
  return { record: s.r, effects };
}
