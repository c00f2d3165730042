import type { Command } from "../../src/commands/command.js";
import { Config, type ConfigInput, type Role } from "../../src/config/schema.js";
import type { Ctx } from "../../src/core/ctx.js";
import type { Effect } from "../../src/core/effects.js";
import type { CommandWhere, Event } from "../../src/core/events.js";
import { markEffectDone } from "../../src/core/outbox.js";
import type { TaskRecord } from "../../src/core/record.js";
import { transition } from "../../src/core/transition.js";
import type { Plan } from "../../src/plan/plan.js";
import type { FailedCheck, VerifyFinding } from "../../src/protocol/feedback.js";
import type { Result } from "../../src/protocol/result.js";

/**
 * An in-memory GitHub for the pure core: it answers effects with the events GitHub (and the executor)
 * would send, queues them, and delivers them back through `transition`. Tests steer what the executor,
 * CI, verify and the merge API answer with a `Script`, and may deliver the queue in any order.
 */

/** What the executor does on a dispatch: report done, report not done, crash with a result, or vanish. */
export type ResultKind = "done" | "incomplete" | "error" | "none";
/** What CI says about a head. `none`: no check ever appears; `pending`: a check never finishes. */
export type ChecksKind = "pass" | "fail" | "none" | "pending";
export type MergeKind = "merged" | "not_mergeable" | "conflict" | "head_moved" | "blocked";

export type Script = {
  result(module: string, attempt: number): ResultKind;
  checks(module: string, sha: string): ChecksKind;
  verify(module: string, sha: string): VerifyFinding[];
  merge(module: string, sha: string): MergeKind;
  update(module: string, sha: string): "updated" | "conflict";
  /** USD one attempt spends. */
  usd(module: string, attempt: number): number;
  /** The AI reviewer's verdict in a review attempt (`gates.ai_review`), or `none` for a run with no review. */
  review(module: string, attempt: number): "approve" | "request_changes" | "none";
};

/** Everything goes right. */
export const happyScript: Script = {
  result: () => "done",
  checks: () => "pass",
  verify: () => [],
  merge: () => "merged",
  update: () => "updated",
  usd: () => 0.5,
  review: () => "approve",
};

/** A deterministic 40-hex SHA for a counter. */
export const fakeSha = (n: number): string => n.toString(16).padStart(8, "0").repeat(5);

export const MINUTE = 60_000;
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

/** A plan with `phases` phases of the given module counts, e.g. `[2, 1]`. */
export function makePlan(shape: number[]): Plan {
  return {
    phases: shape.map((count, index) => ({
      number: index + 1,
      name: `Phase ${index + 1}`,
      tasks: [`do phase ${index + 1}`],
      modules: Array.from({ length: count }, (_, j) => ({
        name: `mod${index + 1}${String.fromCharCode(97 + j)}`,
        slug: `mod${index + 1}${String.fromCharCode(97 + j)}`,
        // Disjoint paths, so the modules of a phase run side by side (overlapping ones run in sequence).
        paths: [`src/mod${index + 1}${String.fromCharCode(97 + j)}/**`],
        test_command: "npm test",
        instructions: "",
        fixes: [],
        depends_on: [],
      })),
      test_command: "npm test",
      success_criteria: ["tests pass"],
      gotchas: [],
    })),
  };
}

/** A valid executor result. */
export function makeResult(fields: {
  issue: number;
  module: string;
  attempt: number;
  nonce: string;
  head_sha: string;
  status?: Result["status"];
  stop_reason?: Result["stop_reason"];
  usd?: number;
  tokens?: number;
}): Result {
  const tokens = fields.tokens ?? 1000;
  return {
    version: 1,
    task: fields.issue,
    module: fields.module,
    attempt: fields.attempt,
    nonce: fields.nonce,
    head_sha: fields.head_sha,
    status: fields.status ?? "done",
    items: [],
    test: null,
    usage: {
      input_tokens: tokens,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      usd: fields.usd ?? 0.5,
    },
    turns: 3,
    duration_ms: 1000,
    stop_reason: fields.stop_reason ?? "finished",
  };
}

export const failedCheck = (name: string): FailedCheck => ({
  name,
  conclusion: "failure",
  summary: `${name} failed`,
  annotations: [{ path: "src/x.ts", line: 3, level: "failure", message: "expected 1" }],
});

/** Freezes a JSON value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export type Delivery = {
  event: Event;
  before: TaskRecord | null;
  after: TaskRecord | null;
  effects: Effect[];
};

export class Driver {
  record: TaskRecord | null = null;
  now: number;
  readonly config: Config;
  readonly issue: number;
  readonly plan: Plan;
  readonly script: Script;
  /** Events GitHub would send, not delivered yet. */
  queue: Event[] = [];
  /** Every delivery, in order. */
  readonly history: Delivery[] = [];
  private counter = 1;
  private readonly prs = new Map<string, { number: number; head: string }>();
  private readonly nonces = new Map<string, string>();
  private integrationHead: string | null = null;

  constructor(
    options: { plan?: Plan; config?: ConfigInput; script?: Partial<Script>; issue?: number; now?: number } = {},
  ) {
    this.issue = options.issue ?? 42;
    this.plan = options.plan ?? makePlan([2, 1]);
    this.config = Config.parse(options.config ?? {});
    this.script = { ...happyScript, ...options.script };
    this.now = options.now ?? START;
  }

  get ctx(): Ctx {
    return { now: this.now, config: this.config };
  }

  /** A fresh SHA, never seen before. */
  sha(): string {
    return fakeSha(0x1000 + this.counter++);
  }

  private id(prefix: string): string {
    return `${prefix}:${this.counter++}`;
  }

  /**
   * Deliver one event now; perform its effects (their answers are queued). The record handed in is
   * frozen, so a transition that edits its input instead of its own copy throws.
   */
  deliver(event: Event): Delivery {
    const before = this.record && deepFreeze(this.record);
    const out = transition(before, event, this.ctx);
    this.record = out.record;
    const delivery = { event, before, after: out.record, effects: out.effects };
    this.history.push(delivery);
    for (const effect of out.effects) {
      this.perform(effect);
      if (this.record) this.record = markEffectDone(this.record, effect.id);
    }
    return delivery;
  }

  /** Deliver the queue, oldest first, until it is empty (or `limit` deliveries). */
  settle(limit = 500): void {
    for (let i = 0; i < limit && this.queue.length > 0; i++) this.deliverAt(0);
  }

  /**
   * Deliver the queued event at `index` (tests use this to reorder). Like the adapter, which looks for
   * a result comment before it reports a finished run, a run's end is never delivered before its result.
   */
  deliverAt(index: number): Delivery | undefined {
    const event = this.queue[index];
    if (!event) return undefined;
    const first =
      event.type === "RunCompleted" ? this.queue.findIndex((e) => e.id === event.id.replace(/:run$/, ":result")) : -1;
    const [next] = this.queue.splice(first >= 0 ? first : index, 1);
    return next ? this.deliver(next) : undefined;
  }

  /** Move the clock and send a Tick. */
  tick(minutes: number): Delivery {
    this.now += minutes * MINUTE;
    return this.deliver({ type: "Tick", id: `tick:${this.now}` });
  }

  label(role: Role | null = "admin", sender = "maria"): Delivery {
    return this.deliver({
      type: "LabelAdded",
      id: this.id("label"),
      issue: this.issue,
      sender,
      role,
      default_branch: "main",
      assignees: ["ana"],
    });
  }

  /** A command comment by `sender` with `role`. */
  command(
    command: Command,
    where: CommandWhere = { kind: "issue" },
    role: Role | null = "admin",
    sender = "maria",
  ): Delivery {
    const comment_id = this.counter++;
    return this.deliver({ type: "CommandReceived", id: this.id("comment"), comment_id, command, sender, role, where });
  }

  /** Where a command on the module's PR is written. */
  onPull(module: string): CommandWhere {
    const pr = this.prs.get(module);
    return { kind: "pull", pr: pr?.number ?? 1, module };
  }

  private queueEvent(event: Event): void {
    this.queue.push(event);
  }

  private checksFor(module: string, sha: string): void {
    const kind = this.script.checks(module, sha);
    if (kind === "none") return;
    const id = this.id(`checks:${module}`);
    const checks =
      kind === "pass"
        ? { pending: [], passed: ["test"], failed: [], none_seen: false }
        : kind === "fail"
          ? { pending: [], passed: [], failed: [failedCheck("test")], none_seen: false }
          : { pending: ["test"], passed: [], failed: [], none_seen: false };
    this.queueEvent({ type: "ChecksCompleted", id, module, head_sha: sha, checks });
  }

  /** How GitHub and the executor answer each effect. */
  perform(effect: Effect): void {
    const outcome = `effect:${effect.id}`;
    switch (effect.type) {
      case "RequestPlan":
        this.queueEvent({ type: "PlanReady", id: outcome, plan: this.plan });
        return;
      case "CreateBranch": {
        const sha = "sha" in effect.from ? effect.from.sha : (this.integrationHead ?? this.sha());
        if (effect.module === null) {
          this.integrationHead = sha;
          this.queueEvent({ type: "IntegrationBranchCreated", id: outcome, branch: effect.branch, sha });
        } else {
          this.queueEvent({ type: "BranchCreated", id: outcome, module: effect.module, branch: effect.branch, sha });
        }
        return;
      }
      case "OpenPullRequest": {
        const number = this.counter++;
        this.prs.set(effect.module, { number, head: this.sha() });
        this.nonces.set(`${effect.module}:${effect.brief.attempt}`, effect.brief.nonce);
        this.queueEvent({ type: "PullOpened", id: outcome, module: effect.module, number, head_sha: this.sha() });
        return;
      }
      case "UpdateBrief":
        return;
      case "Dispatch":
        this.execute(effect, outcome);
        return;
      case "CancelRun":
        this.queueEvent({
          type: "RunCompleted",
          id: outcome,
          module: effect.module,
          nonce: effect.nonce,
          run_id: effect.run_id,
          conclusion: "cancelled",
        });
        return;
      case "CreateVerifyCheck": {
        const findings = this.script.verify(effect.module, effect.head_sha);
        this.queueEvent({
          type: "VerifyCompleted",
          id: outcome,
          module: effect.module,
          head_sha: effect.head_sha,
          findings,
        });
        return;
      }
      case "Merge": {
        const kind = this.script.merge(effect.module, effect.sha);
        if (kind === "merged") {
          const merge_sha = this.sha();
          this.integrationHead = merge_sha;
          this.queueEvent({ type: "PullMerged", id: outcome, module: effect.module, number: effect.pr, merge_sha });
        } else {
          this.queueEvent({
            type: "MergeRejected",
            id: outcome,
            module: effect.module,
            head_sha: effect.sha,
            reason: kind,
            ...(kind === "blocked"
              ? { message: "At least 1 approving review is required by reviewers with write access." }
              : {}),
          });
        }
        return;
      }
      case "UpdateBranch": {
        if (this.script.update(effect.module, effect.expected_head_sha) === "conflict") {
          this.queueEvent({
            type: "MergeRejected",
            id: outcome,
            module: effect.module,
            head_sha: effect.expected_head_sha,
            reason: "conflict",
          });
          return;
        }
        const head_sha = this.sha();
        this.queueEvent({ type: "BranchUpdated", id: outcome, module: effect.module, head_sha });
        this.checksFor(effect.module, head_sha);
        return;
      }
      case "ResetBranch":
        if (effect.module === null) this.integrationHead = effect.sha;
        return;
      case "ClosePullRequest":
        this.queueEvent({ type: "PullClosed", id: outcome, module: effect.module, number: effect.pr });
        return;
      case "OpenFinalPullRequest":
        this.queueEvent({ type: "FinalPullOpened", id: outcome, number: this.counter++ });
        return;
      case "OpenSubIssue": {
        const number = this.counter++;
        this.queueEvent({
          type: "SubIssueOpened",
          id: outcome,
          module: effect.module,
          number,
          issue_id: number + 1_000_000,
          assignees: [],
        });
        return;
      }
      case "SetSubIssueState":
      case "RecordCheckpoint":
      case "CreateReviewCheck":
      case "OpenRestorePullRequest":
      case "WriteIncomingFile":
      case "CloseIssue":
      case "UpsertDashboard":
      case "Comment":
      case "React":
      case "SetLabels":
      case "Escalate":
      case "PostWebhook":
        return;
      default: {
        const _exhaustive: never = effect;
        throw new Error(`unhandled effect ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  /** The executor: a run is dispatched, then reports (or not), then ends. */
  private execute(effect: Extract<Effect, { type: "Dispatch" }>, outcome: string): void {
    const run_id = this.counter++;
    const { module, attempt, nonce } = effect;
    this.queueEvent({ type: "Dispatched", id: outcome, module, attempt, nonce, run_id });
    const mode = this.record?.modules.find((m) => m.key === module)?.attempts.find((a) => a.number === attempt)?.mode;
    if (mode === "review") {
      this.review(effect, outcome, run_id);
      return;
    }
    const kind = this.script.result(module, attempt);
    const ended = { type: "RunCompleted" as const, module, nonce, run_id };
    if (kind === "none") {
      this.queueEvent({ ...ended, id: `${outcome}:run`, conclusion: "failure" });
      return;
    }
    const head_sha = this.sha();
    const status = kind === "done" ? "done" : kind === "incomplete" ? "incomplete" : "failed";
    const stop_reason = kind === "error" ? "error" : "finished";
    const result = makeResult({
      issue: this.issue,
      module,
      attempt,
      nonce,
      head_sha,
      status,
      stop_reason,
      usd: this.script.usd(module, attempt),
    });
    this.queueEvent({ type: "PullSynchronized", id: `${outcome}:push`, module, head_sha, by_app: true });
    this.queueEvent({
      type: "ResultPosted",
      id: `${outcome}:result`,
      module,
      comment_id: this.counter++,
      result,
      author_is_app: true,
    });
    this.checksFor(module, head_sha);
    this.queueEvent({ ...ended, id: `${outcome}:run`, conclusion: "success" });
  }

  /** A review attempt: the app's review on the module's head (docs/ai-review.md), then the run's end. */
  private review(effect: Extract<Effect, { type: "Dispatch" }>, outcome: string, run_id: number): void {
    const { module, attempt, nonce } = effect;
    const verdict = this.script.review(module, attempt);
    const head_sha = this.record?.modules.find((m) => m.key === module)?.head_sha ?? this.sha();
    if (verdict !== "none") {
      this.queueEvent({
        type: "AiReviewPosted",
        id: `${outcome}:result`,
        module,
        review_id: this.counter++,
        reviewer: "conductor[bot]",
        author_is_app: true,
        review: {
          version: 1,
          task: this.issue,
          module,
          attempt,
          nonce,
          head_sha,
          verdict,
          summary: verdict === "approve" ? "Looks right." : "The parser drops the last line.",
          comments: verdict === "approve" ? [] : [{ path: "src/parse.ts", line: 12, body: "off by one here" }],
          usage: { input_tokens: 900, output_tokens: 100, cache_read_tokens: 0, cache_write_tokens: 0, usd: 0.02 },
          turns: 3,
        },
      });
    }
    const conclusion = verdict === "none" ? "failure" : "success";
    this.queueEvent({ type: "RunCompleted", id: `${outcome}:run`, module, nonce, run_id, conclusion });
  }

  /** Every effect of a type decided so far. */
  effects<T extends Effect["type"]>(type: T): Extract<Effect, { type: T }>[] {
    return this.history.flatMap((d) => d.effects).filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  }

  /** The module record, or a thrown error naming it. */
  module(key: string) {
    const m = this.record?.modules.find((x) => x.key === key);
    if (!m) throw new Error(`no module ${key}`);
    return m;
  }
}
