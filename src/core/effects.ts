import { z } from "zod";
import { Brief } from "../protocol/brief.js";

/**
 * Effects are commands written as data (DESIGN §7): the core says *what*, the adapter decides *how*.
 *
 * Every effect carries a deterministic `id` (see `ids.ts`): the same decision always yields the same id,
 * so the adapter keeps pending effects in the record's outbox, performs each once and marks it done,
 * and a crash between steps never duplicates work. Ids start with the task generation (`g1:`), so a task
 * restarted after `/abort` never collides with its earlier life.
 *
 * After performing an effect the adapter reports its outcome as an event where one is named below
 * (`→ Event`); those events use the id `effect:<effect id>`.
 */
const Sha = z.string().regex(/^[0-9a-f]{40}$/);
const id = z.string().min(1);
const module = z.string().min(1);
const pr = z.number().int().positive();

/** Where a comment or reaction goes: the task issue, a PR, or a comment (for reactions). */
export const Target = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("issue") }),
  z.object({ kind: z.literal("pull"), pr }),
]);
export type Target = z.infer<typeof Target>;

/** Parse the issue body's spec, or ask the planner for one. → `PlanReady` | `PlanFailed`. */
export const RequestPlan = z.object({ type: z.literal("RequestPlan"), id, reason: z.string() });

/**
 * Create `branch` from a SHA or from another branch's head. Idempotent: the branch already at `from` is
 * success; when it exists elsewhere and `reset_existing`, it is moved (Conductor's own branches left by
 * an earlier life of the task). → `IntegrationBranchCreated` | `BranchCreated`.
 */
export const CreateBranch = z.object({
  type: z.literal("CreateBranch"),
  id,
  branch: z.string().min(1),
  from: z.union([z.object({ sha: Sha }), z.object({ branch: z.string().min(1) })]),
  reset_existing: z.boolean(),
  /** The module key, or null for the integration branch. */
  module: module.nullable(),
});

/** Open the module's draft PR with the brief rendered into its body. → `PullOpened`. */
export const OpenPullRequest = z.object({
  type: z.literal("OpenPullRequest"),
  id,
  module,
  head: z.string().min(1),
  base: z.string().min(1),
  title: z.string().min(1),
  draft: z.literal(true),
  brief: Brief,
});

/** Replace the brief in the module PR body before the next attempt is dispatched. */
export const UpdateBrief = z.object({ type: z.literal("UpdateBrief"), id, module, pr, brief: Brief });

/**
 * Dispatch the executor workflow on the module branch with inputs task, pr, attempt, nonce. The adapter
 * looks for a run whose name carries the nonce before sending. → `Dispatched`.
 */
export const Dispatch = z.object({
  type: z.literal("Dispatch"),
  id,
  module,
  pr,
  attempt: z.number().int().positive(),
  nonce: z.string().min(1),
  workflow: z.string().min(1),
  ref: z.string().min(1),
});

/** Cancel the executor run of an attempt (found by run id, or by the nonce in its name). */
export const CancelRun = z.object({
  type: z.literal("CancelRun"),
  id,
  module,
  attempt: z.number().int().positive(),
  nonce: z.string().min(1),
  run_id: z.number().int().positive().nullable(),
});

/**
 * Compute `conductor/verify` for the head the executor reported (DESIGN §6). → `VerifyCompleted`.
 * `reverify` (`gates.reverify`): `off` compares nothing; `posted` compares the result with the App's
 * re-verification comment; `deadline` means none arrived in time (unless the performer finds it now,
 * its webhook lost), which is itself a finding. Older records load with `off`.
 */
export const CreateVerifyCheck = z.object({
  type: z.literal("CreateVerifyCheck"),
  id,
  module,
  pr,
  head_sha: Sha,
  attempt: z.number().int().positive(),
  reverify: z.enum(["off", "posted", "deadline"]).default("off"),
});

/**
 * Create the check `conductor/review` on `head_sha` from the AI reviewer's verdict (docs/ai-review.md):
 * success for an approval; for a request for changes, failure when `gating` (`gates.ai_review: required`),
 * else neutral. Two runs of the same verdict on a SHA say the same thing.
 */
export const CreateReviewCheck = z.object({
  type: z.literal("CreateReviewCheck"),
  id,
  module,
  head_sha: Sha,
  verdict: z.enum(["approve", "request_changes"]),
  gating: z.boolean(),
  review_id: z.number().int().positive(),
  summary: z.string(),
});

/** Merge the module PR with `sha` = the verified head, so a moved head is never merged. → `PullMerged` | `MergeRejected`. */
export const Merge = z.object({
  type: z.literal("Merge"),
  id,
  module,
  pr,
  sha: Sha,
  method: z.enum(["squash", "merge", "rebase"]),
});

/** `update-branch` with the expected head; a real conflict is reported as `MergeRejected {conflict}`. → `BranchUpdated`. */
export const UpdateBranch = z.object({ type: z.literal("UpdateBranch"), id, module, pr, expected_head_sha: Sha });

/** Force-move one of Conductor's own branches (module or integration) to `sha`. */
export const ResetBranch = z.object({
  type: z.literal("ResetBranch"),
  id,
  branch: z.string().min(1),
  sha: Sha,
  module: module.nullable(),
});

/** Close a PR with a comment saying why. */
export const ClosePullRequest = z.object({ type: z.literal("ClosePullRequest"), id, module, pr, reason: z.string() });

/** Mark the phase's checkpoint (a ref `conductor/<issue>/checkpoint-<phase>` at `sha`) for rollback. */
export const RecordCheckpoint = z.object({
  type: z.literal("RecordCheckpoint"),
  id,
  phase: z.number().int().positive(),
  sha: Sha,
});

/** Open the final PR integration → base, titled after the issue, ending in `Closes #<issue>`. → `FinalPullOpened`. */
export const OpenFinalPullRequest = z.object({
  type: z.literal("OpenFinalPullRequest"),
  id,
  head: z.string().min(1),
  base: z.string().min(1),
  closes: z.number().int().positive(),
});

/**
 * A task-file task is done: commit its incoming file (docs/spec-format.md#task-files) to the integration
 * branch, so the final PR adds it. The adapter reads each module's result comment (`results`) for the
 * `result` nodes; a file already there with the same content is success.
 */
export const WriteIncomingFile = z.object({
  type: z.literal("WriteIncomingFile"),
  id,
  branch: z.string().min(1),
  path: z.string().min(1),
  results: z.array(z.object({ module, pr, comment_id: z.number().int().positive() })),
});

/**
 * With `integration: false` a rollback never rewrites the base: open a PR whose single commit has the
 * tree of `to_sha` on top of the current base head, listing every commit it undoes (DESIGN §2).
 */
export const OpenRestorePullRequest = z.object({
  type: z.literal("OpenRestorePullRequest"),
  id,
  base: z.string().min(1),
  to_sha: Sha,
  phase: z.number().int().positive(),
  reason: z.string(),
});

/** Render the dashboard from the record and create or edit it; `reply` also answers a `/status` with its link. */
export const UpsertDashboard = z.object({
  type: z.literal("UpsertDashboard"),
  id,
  reply: z.object({ target: Target, comment_id: z.number().int().positive() }).nullable(),
});

/** Close the task issue (its `issues.closed` then aborts the task like any close, DESIGN §1.11). */
export const CloseIssue = z.object({ type: z.literal("CloseIssue"), id, reason: z.enum(["completed", "not_planned"]) });

/** A comment on the issue or a PR, written by the core (replies, plan errors, rollback summaries). */
export const Comment = z.object({ type: z.literal("Comment"), id, target: Target, body: z.string().min(1) });

/** React on the issue itself, or on a comment. */
export const React = z.object({
  type: z.literal("React"),
  id,
  target: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("issue") }),
    z.object({ kind: z.literal("comment"), comment_id: z.number().int().positive() }),
  ]),
  content: z.enum(["eyes", "-1", "confused"]),
});

/** Add and remove labels on the issue; the adapter creates missing labels with colour and description. */
export const SetLabels = z.object({
  type: z.literal("SetLabels"),
  id,
  add: z.array(z.string().min(1)),
  remove: z.array(z.string().min(1)),
});

/** The escalation comment: @-mentions, what failed, attempts, cost, and the commands that continue. */
export const Escalate = z.object({
  type: z.literal("Escalate"),
  id,
  episode: z.number().int().positive(),
  reason: z.string(),
  mentions: z.array(z.string()),
  /** The markdown the comment and the webhook carry, rendered by the core so both say the same. */
  summary: z.string().min(1),
  modules: z.array(z.string()),
});

/** POST the escalation summary to a Slack-compatible incoming webhook. */
export const PostWebhook = z.object({ type: z.literal("PostWebhook"), id, url: z.string(), text: z.string() });

/**
 * Give the module a sub-issue of the task issue (`tracking.sub_issues`, docs/task-graph.md#sub-issues), titled
 * like its PR. Idempotent: a sub-issue (or an issue the app created for it) carrying the module's hidden marker
 * is reused. → `SubIssueOpened` | `SubIssuesUnavailable`.
 */
export const OpenSubIssue = z.object({ type: z.literal("OpenSubIssue"), id, module, title: z.string().min(1) });

/** Close (`completed` on merge, `not_planned` on abort) or reopen (rollback) a module's sub-issue. */
export const SetSubIssueState = z.object({
  type: z.literal("SetSubIssueState"),
  id,
  module,
  number: z.number().int().positive(),
  state: z.enum(["open", "closed"]),
  reason: z.enum(["completed", "not_planned", "reopened"]),
});

/** Every effect the core may ask for. */
export const Effect = z.discriminatedUnion("type", [
  RequestPlan,
  CreateBranch,
  OpenPullRequest,
  UpdateBrief,
  Dispatch,
  CancelRun,
  CreateVerifyCheck,
  CreateReviewCheck,
  Merge,
  UpdateBranch,
  ResetBranch,
  ClosePullRequest,
  RecordCheckpoint,
  OpenFinalPullRequest,
  WriteIncomingFile,
  OpenRestorePullRequest,
  UpsertDashboard,
  CloseIssue,
  Comment,
  React,
  SetLabels,
  Escalate,
  PostWebhook,
  OpenSubIssue,
  SetSubIssueState,
]);
export type Effect = z.infer<typeof Effect>;
export type EffectType = Effect["type"];
/** The effect of one type, e.g. `EffectOf<"Merge">`. */
export type EffectOf<T extends EffectType> = Extract<Effect, { type: T }>;
