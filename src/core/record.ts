import { z } from "zod";
import { Config, Role } from "../config/schema.js";
import { Finding } from "../doctor/finding.js";
import { Estimate } from "../estimate/estimate.js";
import { Plan } from "../plan/plan.js";
import { Feedback, VerifyFinding } from "../protocol/feedback.js";
import { Usage } from "../protocol/result.js";
import { Effect } from "./effects.js";
import { ChecksSummary } from "./events.js";

/**
 * The task record: everything the core knows about one task, stored as JSON in the repository with
 * compare-and-swap (DESIGN §7). It names no repository, so the same record works in the sandbox.
 * Times are milliseconds since the epoch, always taken from `ctx.now`.
 */
const Sha = z.string().regex(/^[0-9a-f]{40}$/);
const Ms = z.number().int().nonnegative();

/** Where the task as a whole stands; `done` and `aborted` are final until a new label. */
export const TaskStatus = z.enum([
  "planning",
  "awaiting_approval",
  "running",
  "paused",
  "blocked",
  "rolled_back",
  "done",
  "aborted",
]);
export type TaskStatus = z.infer<typeof TaskStatus>;

/**
 * A module's life. `pending` not started · `opening` branch and draft PR being created · `running` an
 * attempt is dispatched and has not reported · `verifying` a result is in, the gate is being decided ·
 * `green` the gate passed, waiting for a review or the merge slot · `merging` a `Merge` is in flight ·
 * `updating` an `UpdateBranch` is in flight · `backoff` waiting until `due_at` to dispatch the next
 * attempt (also "queued now" when `due_at` ≤ now) · `merged` · `failed` stopped, waits for `/retry` ·
 * `rolled_back` reset by `/rollback`, waits for `/retry` · `closed` its PR was closed.
 */
export const ModuleState = z.enum([
  "pending",
  "opening",
  "running",
  "verifying",
  "green",
  "merging",
  "updating",
  "backoff",
  "merged",
  "failed",
  "rolled_back",
  "closed",
]);
export type ModuleState = z.infer<typeof ModuleState>;

/** How one attempt ended; `running` until it reports or is given up. */
export const AttemptState = z.enum(["running", "done", "failed", "infra", "cancelled"]);
export type AttemptState = z.infer<typeof AttemptState>;

/** What the record keeps of an executor result (the full result lives in its PR comment). */
export const ResultSummary = z.object({
  status: z.enum(["done", "incomplete", "failed"]),
  stop_reason: z.enum(["finished", "budget", "timeout", "error"]),
  head_sha: Sha,
  turns: z.number().int().nonnegative(),
  comment_id: z.number().int().positive(),
  error: z.string().optional(),
  /** The engine, model and instruction files the attempt used (Result.agent), for the dashboard. */
  agent: z.object({ engine: z.string(), model: z.string(), instructions: z.array(z.string()) }).optional(),
});
export type ResultSummary = z.infer<typeof ResultSummary>;

/** One dispatch of the executor for a module. */
export const Attempt = z.object({
  /** 1, 2, …: counts every dispatch of the module, charged or not. */
  number: z.number().int().positive(),
  /**
   * The budget window the attempt belongs to. `retries.max_attempts` counts charged attempts within one
   * window; `/retry`, `/rollback` and a green gate (before a conflict-resolution attempt) open a new one.
   */
  window: z.number().int().nonnegative(),
  nonce: z.string().min(1),
  /** `review`: a read-only AI review of another attempt's head (docs/ai-review.md). */
  mode: z.enum(["implement", "resolve_conflict", "review"]),
  state: AttemptState,
  /** Counted against `retries.max_attempts`: the model ran (tokens spent) or the gate was red. */
  charged: z.boolean(),
  dispatched_at: Ms,
  ended_at: Ms.nullable(),
  run_id: z.number().int().positive().nullable(),
  result: ResultSummary.nullable(),
  usage: Usage.nullable(),
  /** Stable description of how it failed; the same one repeating escalates. */
  signature: z.string().nullable(),
  /** What the next attempt is told about this one. */
  feedback: Feedback.nullable(),
  /**
   * The App's re-verification comment for this attempt (`gates.reverify`, docs/security.md#independent-re-verification),
   * once it arrived; `conductor/verify` waits for it. Older records load with null.
   */
  reverify_comment_id: z.number().int().positive().nullable().default(null),
});
export type Attempt = z.infer<typeof Attempt>;

/** What is known about one head SHA of a module PR; events may arrive in any order, so facts wait here. */
export const HeadFacts = z.object({
  sha: Sha,
  seen_at: Ms,
  /** The attempt whose done result covers this SHA (directly, or carried over by our own update-branch). */
  result_attempt: z.number().int().positive().nullable(),
  verify: z.object({ findings: z.array(VerifyFinding) }).nullable(),
  checks: ChecksSummary.nullable(),
  /** Conductor already ran `update-branch` on this head; a second refusal is treated as a conflict. */
  updated: z.boolean(),
  /** The merge API said the PR head moved away from this SHA; it is never merged again. */
  head_moved: z.boolean(),
  /**
   * How often the target branch's rules refused to merge this SHA; part of the next merge's effect id, so a
   * `/retry` after the rules were fixed merges it again. Older records load with 0.
   */
  blocked: z.number().int().nonnegative().default(0),
  /**
   * The AI reviewer's verdict on this SHA (`gates.ai_review`, docs/ai-review.md), by its review attempt.
   * Older records load with none.
   */
  review: z
    .object({ attempt: z.number().int().positive(), verdict: z.enum(["approve", "request_changes"]) })
    .nullable()
    .default(null),
});
export type HeadFacts = z.infer<typeof HeadFacts>;

/** The latest gate decision for a module, for exactly one head SHA. */
export const GateEvaluation = z.object({
  head_sha: Sha,
  status: z.enum(["pending", "green", "red"]),
  reasons: z.array(z.string()),
  at: Ms,
});
export type GateEvaluation = z.infer<typeof GateEvaluation>;

/** One module of the plan: its branch, PR, attempts and gate. */
export const ModuleRecord = z.object({
  /** `p<phase>-<slug>`: unique in the task, the suffix of the branch. */
  key: z.string().min(1),
  phase: z.number().int().positive(),
  name: z.string().min(1),
  slug: z.string().min(1),
  branch: z.string().min(1),
  state: ModuleState,
  /** The SHA the branch was created from (its phase base); `/rollback` resets the branch here. */
  base_sha: Sha.nullable(),
  pr: z.number().int().positive().nullable(),
  /** The head the gate is decided for. */
  head_sha: Sha.nullable(),
  attempts: z.array(Attempt),
  window: z.number().int().nonnegative(),
  heads: z.array(HeadFacts),
  gate: GateEvaluation.nullable(),
  /** The head SHA an approving human review was given for (`gates.review: required`). */
  approved_sha: Sha.nullable(),
  /**
   * Who approved `approved_sha`, so a dismissed review revokes the approval only when no other approval is
   * left. Records stored before this field existed load with none (a dismissal then revokes).
   */
  approvers: z.array(z.string()).default([]),
  /** When a module in `backoff` may be dispatched. */
  due_at: Ms.nullable(),
  /**
   * Mode of the next attempt: a real merge conflict asks the executor to resolve it; a green head awaiting
   * the AI reviewer (`gates.ai_review`) asks for a review.
   */
  next_mode: z.enum(["implement", "resolve_conflict", "review"]),
  /** The attempt whose brief the PR body holds (opening embeds the first), so it is not rewritten twice. */
  brief_attempt: z.number().int().positive().nullable(),
  /** The `/retry` note for the next brief. */
  note: z.string().nullable(),
  merge_sha: Sha.nullable(),
  /**
   * When it merged (`ctx.now` of the merge event), for its wall time in the final PR's estimate-vs-actual and
   * in later estimates (docs/estimates.md#actuals). Records stored before this field existed load with none.
   */
  merged_at: Ms.nullable().default(null),
  /** Why the module stopped or waits, for the dashboard and the escalation. */
  reason: z.string().nullable(),
  /** Consecutive infrastructure failures without a result. */
  infra_streak: z.number().int().nonnegative(),
  /** Earlier PRs of this module (closed by a rollback or a retry); late events about them are ignored. */
  old_prs: z.array(z.number().int().positive()),
  /**
   * The module's sub-issue of the task issue (`tracking.sub_issues`, docs/task-graph.md#sub-issues): its number,
   * its id (the sub-issues API names issues by id), whether Conductor left it open, and its assignees (mentioned
   * on the module's escalations). Records stored before sub-issues existed load with none.
   */
  sub_issue: z
    .object({
      number: z.number().int().positive(),
      id: z.number().int().positive(),
      open: z.boolean(),
      assignees: z.array(z.string()),
    })
    .nullable()
    .default(null),
});
export type ModuleRecord = z.infer<typeof ModuleRecord>;

/** A phase gate passed: every module of `phase` merged, integration head `sha` at `at`. */
export const Checkpoint = z.object({
  phase: z.number().int().positive(),
  sha: Sha,
  at: Ms,
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** A line of the dashboard's recent events. */
export const LogEntry = z.object({ at: Ms, text: z.string() });
export type LogEntry = z.infer<typeof LogEntry>;

/** The whole task (see the file comment). */
export const TaskRecord = z.object({
  version: z.literal(1),
  issue: z.number().int().positive(),
  /** 1 for a task's first life; a label added after `/abort` starts generation + 1. */
  generation: z.number().int().positive(),
  /** Fixed when the generation starts (from `ctx.now`); part of every nonce. */
  seed: z.string().regex(/^[a-z0-9]{1,16}$/),
  status: TaskStatus,
  /** The status to return to when a paused task is resumed. */
  paused_from: TaskStatus.nullable(),
  created_at: Ms,
  updated_at: Ms,
  /** Bumped by every transition that changes the record; dashboard effect ids use it. */
  revision: z.number().int().nonnegative(),
  /** The configuration the task runs with; refreshed from `ctx.config` on start, resume and `/retry`. */
  config: Config,
  base_branch: z.string().min(1),
  /** `conductor/<issue>/integration`, or null with `integration: false` (modules target the base). */
  integration_branch: z.string().min(1).nullable(),
  /** Phase 1's base: where the integration branch was created (or the first module branch, without one). */
  initial_sha: Sha.nullable(),
  /** The integration branch's (or, without one, the base's) last head Conductor knows of. */
  integration_head: Sha.nullable(),
  assignees: z.array(z.string()),
  plan: Plan.nullable(),
  /**
   * The repository's role texts (`.github/conductor/roles/<role>.md`) for the roles the plan names, read with
   * the plan (docs/spec-format.md#roles). Records stored before roles existed load with none.
   */
  role_briefs: z.record(z.string(), z.string()).default({}),
  plan_errors: z.array(z.string()),
  /**
   * What the pre-flight found when the task started (docs/doctor.md): errors and warnings only, shown in
   * the dashboard. Records stored before this field existed load with none.
   */
  preflight: z.array(Finding).default([]),
  /** How many times a plan was requested (effect ids). */
  plan_requests: z.number().int().nonnegative(),
  /**
   * A writer changed the issue body while paused, and it was the last edit; resuming reads the plan again
   * when nothing has merged. An edit by someone below `write` clears it: the body then holds their words.
   */
  spec_changed: z.boolean(),
  /** The last body edit that could matter (paused, or a broken spec): who made it and with what role. */
  last_edit: z
    .object({ by: z.string(), role: Role.nullable(), at: Ms })
    .nullable()
    // Records stored before this field existed load with none.
    .default(null),
  /**
   * GitHub refused a draft PR in this repository (a private repository on a Free or Pro plan), so module
   * PRs open ready for review and CI may run on their start commits before the executor's first push;
   * the dashboard says so (docs/architecture.md#ready-for-review-fallback).
   */
  // Records stored before this field existed load as drafts allowed.
  drafts_refused: z.boolean().default(false),
  checkpoints: z.array(Checkpoint),
  modules: z.array(ModuleRecord),
  cost_usd: z.number().nonnegative(),
  /** When failures happened, for the circuit breaker (pruned to the window). */
  failures: z.array(Ms),
  escalation: z.object({
    episode: z.number().int().nonnegative(),
    open: z.boolean(),
    reason: z.string().nullable(),
  }),
  final_pr: z.number().int().positive().nullable(),
  /**
   * The estimate shown while the plan waited for `/approve-plan`, kept as approved so the final PR compares
   * actuals with what the approver saw (docs/estimates.md). Records stored before this field existed load with none.
   */
  estimate: Estimate.nullable().default(null),
  /**
   * Open issues that block the task issue (GitHub's issue dependencies): while any is open nothing is opened
   * or dispatched (docs/task-graph.md#blocked-by). Records stored before this field existed load with none.
   */
  blockers: z.array(z.number().int().positive()).default([]),
  /**
   * Why the task runs without sub-issues although `tracking.sub_issues` is on (GitHub's sub-issues API answered
   * 404, 403 or 410, or kept failing), shown once in the dashboard (docs/task-graph.md#sub-issues). Records
   * stored before sub-issues existed load with none.
   */
  sub_issues_unavailable: z.string().nullable().default(null),
  /** Counts rollbacks, so the effects of a second rollback get fresh ids. */
  rollbacks: z.number().int().nonnegative(),
  /** Recent event ids (bounded): the same delivery twice changes nothing. */
  seen_events: z.array(z.string()),
  /** Command comment ids already answered (bounded). */
  seen_comments: z.array(z.number().int().positive()),
  /** Recent happenings for the dashboard (bounded). */
  log: z.array(LogEntry),
  /** Effects decided but not yet performed: the outbox, saved atomically with the record. */
  outbox: z.array(Effect),
  /** Ids of effects already performed (bounded); a decision repeating one of them is dropped. */
  done_effects: z.array(z.string()),
});
export type TaskRecord = z.infer<typeof TaskRecord>;

/** Bounds on the record's memory lists, so a long task's record stays small. */
export const LIMITS = {
  seen_events: 500,
  seen_comments: 200,
  log: 30,
  done_effects: 1000,
  heads: 6,
} as const;
