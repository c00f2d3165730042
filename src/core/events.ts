import { z } from "zod";
import { Command } from "../commands/command.js";
import { Role } from "../config/schema.js";
import { Finding } from "../doctor/finding.js";
import { History } from "../estimate/estimate.js";
import { Plan } from "../plan/plan.js";
import { FailedCheck, VerifyFinding } from "../protocol/feedback.js";
import { Result } from "../protocol/result.js";
import { ReviewReport } from "../protocol/review.js";
import { Effect } from "./effects.js";

/**
 * Events are facts in the past tense (DESIGN §7). The adapter maps a webhook, or the outcome of an
 * effect it performed, to one event and hands it to `transition`.
 *
 * Every event carries an `id`: the webhook delivery id (`X-GitHub-Delivery`), or for effect outcomes
 * `effect:<effect id>`, or for ticks `tick:<ms>`. The core remembers recent ids, so the same delivery
 * twice changes nothing.
 *
 * `module` is always the module key `p<phase>-<slug>`, i.e. the suffix of the module branch
 * `conductor/<issue>/p<phase>-<slug>`, which is how the adapter finds it from a PR, check or run.
 */
const Sha = z.string().regex(/^[0-9a-f]{40}$/);
const ModuleKey = z.string().regex(/^p[1-9][0-9]*-[a-z0-9][a-z0-9-]*$/);
const id = z.string().min(1);

/**
 * The sender's repository role from the collaborator-permission API (`role_name`), or `null` for no access
 * (`none`, or not a collaborator of a private repository). `null` satisfies no permission, not even `read`;
 * on a public repository GitHub answers `read` for everyone, which is what lets anyone ask for `/status`.
 */
const SenderRole = Role.nullable();

/** The trigger label was added; `role` is the sender's collaborator permission (`role_name`). */
export const LabelAdded = z.object({
  type: z.literal("LabelAdded"),
  id,
  issue: z.number().int().positive(),
  sender: z.string(),
  role: SenderRole,
  /** The repository's default branch; used when `base_branch` is not configured. */
  default_branch: z.string().min(1),
  /** Logins of the issue's assignees, mentioned on escalation. */
  assignees: z.array(z.string()),
});

/** The trigger label was removed: the task pauses. */
export const LabelRemoved = z.object({ type: z.literal("LabelRemoved"), id, sender: z.string() });

/**
 * The issue body changed (only body edits are reported), by `sender` with `role`. Only a writer's edit may
 * change the plan: anyone who can edit an issue (its author, triagers) could otherwise rewrite the task.
 */
export const IssueEdited = z.object({
  type: z.literal("IssueEdited"),
  id,
  body: z.string(),
  sender: z.string(),
  role: SenderRole,
});

/** The task issue was closed: the task aborts. */
export const IssueClosed = z.object({ type: z.literal("IssueClosed"), id, sender: z.string() });

/**
 * A watched workflow ran green on the base branch while this red-CI task is open (`triggers.ci_failure`,
 * docs/red-ci-loop.md): the task closes itself if it has not started.
 */
export const BaseBranchGreen = z.object({
  type: z.literal("BaseBranchGreen"),
  id,
  workflow: z.string().min(1),
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  url: z.string(),
});

/** The adapter answered `RequestPlan`: the spec parsed (or the planner wrote one). */
/**
 * The plan is in. `role_files`: the text of `.github/conductor/roles/<role>.md` on the base branch for each
 * role the plan names that has one (docs/spec-format.md#roles); absent when the plan names none.
 */
export const PlanReady = z.object({
  type: z.literal("PlanReady"),
  id,
  plan: Plan,
  role_files: z.record(z.string(), z.string()).optional(),
  /**
   * The repository's finished modules, read from `conductor/state` for the estimate when the plan waits for
   * `/approve-plan` (docs/estimates.md); absent otherwise.
   */
  history: History.optional(),
});

/** The spec (or the planner) failed; `errors` name their lines. */
export const PlanFailed = z.object({ type: z.literal("PlanFailed"), id, errors: z.array(z.string()).min(1) });

/** `conductor/<issue>/integration` exists at `sha` (the answer to its `CreateBranch`). */
export const IntegrationBranchCreated = z.object({
  type: z.literal("IntegrationBranchCreated"),
  id,
  branch: z.string().min(1),
  sha: Sha,
});

/** A module branch exists at `sha` (the phase base it was created from). */
export const BranchCreated = z.object({
  type: z.literal("BranchCreated"),
  id,
  module: ModuleKey,
  branch: z.string().min(1),
  sha: Sha,
});

/** The module's draft PR exists (the answer to `OpenPullRequest`). */
export const PullOpened = z.object({
  type: z.literal("PullOpened"),
  id,
  module: ModuleKey,
  number: z.number().int().positive(),
  head_sha: Sha,
  /**
   * False when GitHub refused a draft ("Draft pull requests are not supported in this repository": a
   * private repository on a Free or Pro plan) and the PR was opened ready for review instead.
   */
  draft: z.boolean().optional(),
});

/** The final PR integration → base exists. */
export const FinalPullOpened = z.object({
  type: z.literal("FinalPullOpened"),
  id,
  number: z.number().int().positive(),
});

/** The workflow dispatch was accepted; `run_id` when the API returned run details or the run was found. */
export const Dispatched = z.object({
  type: z.literal("Dispatched"),
  id,
  module: ModuleKey,
  attempt: z.number().int().positive(),
  nonce: z.string().min(1),
  run_id: z.number().int().positive().nullable(),
});

/**
 * A result comment was posted on the module PR. `author_is_app` is the adapter's check of the comment
 * author; the core additionally requires the nonce and attempt of the running attempt (DESIGN §5).
 */
export const ResultPosted = z.object({
  type: z.literal("ResultPosted"),
  id,
  module: ModuleKey,
  comment_id: z.number().int().positive(),
  result: Result,
  author_is_app: z.boolean(),
});

/**
 * The App's re-verification comment (`<!-- conductor:reverify … -->`) was posted on the module PR: the
 * executor workflow's verify job re-ran the result's commands (docs/security.md#independent-re-verification).
 * `author_is_app` is the adapter's check of the author; the core matches the attempt by nonce.
 */
export const ReverifyPosted = z.object({
  type: z.literal("ReverifyPosted"),
  id,
  module: ModuleKey,
  comment_id: z.number().int().positive(),
  attempt: z.number().int().positive(),
  nonce: z.string().min(1),
  head_sha: Sha,
  author_is_app: z.boolean(),
});

/** `conductor/verify` was computed for `head_sha`; no findings means it passed. */
export const VerifyCompleted = z.object({
  type: z.literal("VerifyCompleted"),
  id,
  module: ModuleKey,
  head_sha: Sha,
  findings: z.array(VerifyFinding),
});

/**
 * What the adapter read of the required checks for a head SHA (check runs and commit statuses,
 * already without the executor's own run and `conductor/verify`). `none_seen`: not a single check or
 * status exists for the SHA.
 */
export const ChecksSummary = z.object({
  pending: z.array(z.string()),
  passed: z.array(z.string()),
  failed: z.array(FailedCheck),
  none_seen: z.boolean(),
});
export type ChecksSummary = z.infer<typeof ChecksSummary>;

/** CI moved on for a head SHA of a module PR (check suites, check runs, statuses). */
export const ChecksCompleted = z.object({
  type: z.literal("ChecksCompleted"),
  id,
  module: ModuleKey,
  head_sha: Sha,
  checks: ChecksSummary,
});

/**
 * A human review on the module PR (bots are filtered by the adapter): submitted (`approved`,
 * `changes_requested`, `commented`) or dismissed (`pull_request_review.dismissed`). `head_sha` is the
 * commit the review was given on.
 */
export const ReviewSubmitted = z.object({
  type: z.literal("ReviewSubmitted"),
  id,
  module: ModuleKey,
  head_sha: Sha,
  state: z.enum(["approved", "changes_requested", "commented", "dismissed"]),
  reviewer: z.string(),
  /**
   * The reviewer's role (collaborator-permission API) when the review is an approval, else `null`. Only an
   * approval from `write` or more counts (DESIGN §1.7): anyone may review a public repository's PR.
   */
  role: SenderRole.default(null),
});

/**
 * The AI reviewer's PR review (`pull_request_review.submitted` carrying a `conductor:review` marker,
 * docs/ai-review.md). `author_is_app`: the adapter's check that the app's own identity posted it; a review
 * by anyone else is ignored for the gate, whatever its marker says.
 */
export const AiReviewPosted = z.object({
  type: z.literal("AiReviewPosted"),
  id,
  module: ModuleKey,
  review_id: z.number().int().positive(),
  reviewer: z.string(),
  author_is_app: z.boolean(),
  review: ReviewReport,
});

/** The module PR merged; `merge_sha` is the new head of its base. */
export const PullMerged = z.object({
  type: z.literal("PullMerged"),
  id,
  module: ModuleKey,
  /** The PR number, so a late webhook about a PR closed by a rollback is not taken for the new one. */
  number: z.number().int().positive(),
  merge_sha: Sha,
});

/** The module PR was closed without being merged (by a human, or as the answer to `ClosePullRequest`). */
export const PullClosed = z.object({
  type: z.literal("PullClosed"),
  id,
  module: ModuleKey,
  number: z.number().int().positive(),
});

/**
 * The merge API refused. `head_moved`: the PR head is no longer the verified SHA (409).
 * `not_mergeable`: behind, or not mergeable for a reason GitHub did not name (405); the core answers with
 * `UpdateBranch`. `conflict`: a real conflict (`mergeable_state: dirty`), also what `UpdateBranch` reports
 * when it cannot merge the base in. `blocked`: the target branch's rules refuse it (required reviews or
 * status checks, a merge queue, rulesets), which no executor attempt can fix. `message`: GitHub's words.
 */
export const MergeRejected = z.object({
  type: z.literal("MergeRejected"),
  id,
  module: ModuleKey,
  head_sha: Sha,
  reason: z.enum(["head_moved", "conflict", "not_mergeable", "blocked"]),
  message: z.string().optional(),
});

/** `UpdateBranch` merged the base into the module branch; the PR head is now `head_sha`. */
export const BranchUpdated = z.object({ type: z.literal("BranchUpdated"), id, module: ModuleKey, head_sha: Sha });

/** Someone pushed to the module branch; `by_app` when the pusher is the app (executor, update-branch, reset). */
export const PullSynchronized = z.object({
  type: z.literal("PullSynchronized"),
  id,
  module: ModuleKey,
  head_sha: Sha,
  by_app: z.boolean(),
});

/**
 * The executor's workflow run ended (`workflow_run.completed`). The adapter looks for a result comment
 * before sending this, so a run of the running attempt without a result is an infrastructure failure.
 */
export const RunCompleted = z.object({
  type: z.literal("RunCompleted"),
  id,
  module: ModuleKey,
  /** Read from the run name; null when it carries none. */
  nonce: z.string().nullable(),
  run_id: z.number().int().positive().nullable(),
  conclusion: z.string(),
});

/** Where a command was written: the task issue, or a task PR (module PRs name their module). */
export const CommandWhere = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("issue") }),
  z.object({ kind: z.literal("pull"), pr: z.number().int().positive(), module: ModuleKey.optional() }),
]);
export type CommandWhere = z.infer<typeof CommandWhere>;

/**
 * `.github/conductor.yml` did not validate when it was read for the trigger label or a `/retry`; `errors`
 * name each bad key. `sender` and `role` let the core decide: someone who may not start the task (or
 * retry) gets the refusal, not a list of configuration keys.
 */
export const ConfigInvalid = z.object({
  type: z.literal("ConfigInvalid"),
  id,
  issue: z.number().int().positive(),
  errors: z.array(z.string()).min(1),
  sender: z.string(),
  role: SenderRole,
  cause: z.discriminatedUnion("kind", [
    /** The trigger label (the one the broken file's `trigger.label` names, or the default). */
    z.object({ kind: z.literal("label"), label: z.string().min(1) }),
    /** A `/retry` comment, which takes the configuration afresh. */
    z.object({ kind: z.literal("retry"), comment_id: z.number().int().positive(), where: CommandWhere }),
  ]),
});

/** A comment by a human that holds a command; `role` is the sender's collaborator permission. */
export const CommandReceived = z.object({
  type: z.literal("CommandReceived"),
  id,
  comment_id: z.number().int().positive(),
  command: Command,
  sender: z.string(),
  role: SenderRole,
  where: CommandWhere,
});

/** A comment holding a known command with bad arguments; answered with 😕 and the usage. */
export const CommandMalformed = z.object({
  type: z.literal("CommandMalformed"),
  id,
  comment_id: z.number().int().positive(),
  name: z.enum(["retry", "rollback", "approve-plan", "abort", "status", "help", "reset"]),
  usage: z.string(),
  sender: z.string(),
  where: CommandWhere,
});

/**
 * The adapter gave up an effect: GitHub refused it several times for reasons that are not an outage
 * (src/github/reconcile/reconcile.ts `MAX_EFFECT_FAILURES`). Without this the core would wait forever for its
 * answer. Id: `effect:<effect id>:failed`. `error` is GitHub's words (status and message).
 */
export const EffectFailed = z.object({ type: z.literal("EffectFailed"), id, effect: Effect, error: z.string() });

/**
 * The pre-flight ran when the task started (docs/doctor.md): what the doctor's checks found on the base
 * branch's workflow files. Id: `effect:<plan request id>:preflight`.
 */
export const PreflightChecked = z.object({ type: z.literal("PreflightChecked"), id, findings: z.array(Finding) });

/**
 * The issues that block the task issue and are still open, as GitHub's issue-dependencies API lists them
 * (`GET …/issues/{n}/dependencies/blocked_by`), read when the task starts, when its blocked-by list changes,
 * when a blocking issue closes or reopens, and on the sweep while it waits (docs/task-graph.md#blocked-by).
 */
export const BlockersRead = z.object({
  type: z.literal("BlockersRead"),
  id,
  blockers: z.array(z.number().int().positive()),
});

/** The module's sub-issue exists (the answer to `OpenSubIssue`); `issue_id` is what the sub-issues API names. */
export const SubIssueOpened = z.object({
  type: z.literal("SubIssueOpened"),
  id,
  module: ModuleKey,
  number: z.number().int().positive(),
  issue_id: z.number().int().positive(),
  assignees: z.array(z.string()),
});

/**
 * GitHub's sub-issues API is not there for this repository (404 on a GitHub without it, 410, a 403 for a missing
 * permission): the task goes on without sub-issues (docs/task-graph.md#sub-issues). `error` is GitHub's words.
 */
export const SubIssuesUnavailable = z.object({ type: z.literal("SubIssuesUnavailable"), id, error: z.string() });

/** Someone assigned or unassigned a module's sub-issue; `assignees` is the whole list now. */
export const SubIssueAssigned = z.object({
  type: z.literal("SubIssueAssigned"),
  id,
  module: ModuleKey,
  number: z.number().int().positive(),
  assignees: z.array(z.string()),
});

/** The periodic sweep; the time is `ctx.now`. */
export const Tick = z.object({ type: z.literal("Tick"), id });

/** Every fact the core reacts to. */
export const Event = z.discriminatedUnion("type", [
  LabelAdded,
  LabelRemoved,
  IssueEdited,
  IssueClosed,
  BaseBranchGreen,
  PlanReady,
  PlanFailed,
  ConfigInvalid,
  IntegrationBranchCreated,
  BranchCreated,
  PullOpened,
  FinalPullOpened,
  Dispatched,
  ResultPosted,
  ReverifyPosted,
  VerifyCompleted,
  ChecksCompleted,
  ReviewSubmitted,
  AiReviewPosted,
  PullMerged,
  PullClosed,
  MergeRejected,
  BranchUpdated,
  PullSynchronized,
  RunCompleted,
  CommandReceived,
  CommandMalformed,
  EffectFailed,
  PreflightChecked,
  BlockersRead,
  SubIssueOpened,
  SubIssuesUnavailable,
  SubIssueAssigned,
  Tick,
]);
export type Event = z.infer<typeof Event>;
export type EventType = Event["type"];
/** The event of one type, e.g. `EventOf<"ResultPosted">`. */
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;
