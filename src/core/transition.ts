import { hasRole } from "../config/roles.js";
import { onAiReviewPosted } from "./ai-review.js";
import { cloneRecord } from "./clone.js";
import type { Ctx, Transition } from "./ctx.js";
import type { Effect } from "./effects.js";
import type { Event, EventOf } from "./events.js";
import { effectId } from "./ids.js";
import { onBaseBranchGreen } from "./on-base-branch-green.js";
import { onBlockersRead } from "./on-blockers.js";
import {
  onBranchCreated,
  onDispatched,
  onFinalPullOpened,
  onIntegrationBranchCreated,
  onPullOpened,
  onPullSynchronized,
} from "./on-branch.js";
import { onChecksCompleted, onReviewSubmitted, onVerifyCompleted } from "./on-checks.js";
import { deniedCommand, onCommandMalformed, onCommandReceived } from "./on-command.js";
import { onEffectFailed } from "./on-effect-failed.js";
import { labelRefusal, onIssueClosed, onIssueEdited, onLabelAdded, onLabelRemoved } from "./on-label.js";
import { onBranchUpdated, onMergeRejected, onPullClosed, onPullMerged } from "./on-merge.js";
import { onPlanFailed, onPlanReady } from "./on-plan.js";
import { onPreflightChecked } from "./on-preflight.js";
import { onResultPosted, onRunCompleted } from "./on-result.js";
import { onReverifyPosted } from "./on-reverify.js";
import { onSubIssueAssigned, onSubIssueOpened, subIssuesUnavailable } from "./on-sub-issues.js";
import { onTick } from "./on-tick.js";
import { knownEffect } from "./outbox.js";
import { LIMITS, type TaskRecord } from "./record.js";
import { announceStart, newTask } from "./start.js";
import { isTerminal, type Step } from "./step.js";

/** Events a finished task still listens to: a new label starts it again; commands get an answer. */
const AFTER_THE_END: ReadonlySet<Event["type"]> = new Set([
  "LabelAdded",
  // A label on a finished task whose configuration broke in the meantime still gets its answer.
  "ConfigInvalid",
  "CommandReceived",
  "CommandMalformed",
  "FinalPullOpened",
  "PullOpened",
]);

function handle(s: Step, event: Event): void {
  if (isTerminal(s.r) && !AFTER_THE_END.has(event.type)) return;
  switch (event.type) {
    case "LabelAdded":
      if (s.r.status === "aborted" && hasRole(event.role, "write")) restart(s, event);
      else onLabelAdded(s, event);
      return;
    case "LabelRemoved":
      onLabelRemoved(s, event);
      return;
    case "IssueEdited":
      onIssueEdited(s, event);
      return;
    case "IssueClosed":
      onIssueClosed(s, event);
      return;
    case "BaseBranchGreen":
      onBaseBranchGreen(s, event);
      return;
    case "PlanReady":
      onPlanReady(s, event);
      return;
    case "PlanFailed":
      onPlanFailed(s, event);
      return;
    case "PreflightChecked":
      onPreflightChecked(s, event);
      return;
    case "ConfigInvalid":
      if (event.cause.kind === "retry") {
        const by = { ...event.cause, sender: event.sender, role: event.role };
        if (deniedCommand(s, by, "retry")) return;
      }
      configInvalid(s.effects, s.r, event);
      return;
    case "IntegrationBranchCreated":
      onIntegrationBranchCreated(s, event);
      return;
    case "BranchCreated":
      onBranchCreated(s, event);
      return;
    case "PullOpened":
      onPullOpened(s, event);
      return;
    case "FinalPullOpened":
      onFinalPullOpened(s, event);
      return;
    case "Dispatched":
      onDispatched(s, event);
      return;
    case "ResultPosted":
      onResultPosted(s, event);
      return;
    case "ReverifyPosted":
      onReverifyPosted(s, event);
      return;
    case "VerifyCompleted":
      onVerifyCompleted(s, event);
      return;
    case "ChecksCompleted":
      onChecksCompleted(s, event);
      return;
    case "ReviewSubmitted":
      onReviewSubmitted(s, event);
      return;
    case "AiReviewPosted":
      onAiReviewPosted(s, event);
      return;
    case "PullMerged":
      onPullMerged(s, event);
      return;
    case "PullClosed":
      onPullClosed(s, event);
      return;
    case "MergeRejected":
      onMergeRejected(s, event);
      return;
    case "BranchUpdated":
      onBranchUpdated(s, event);
      return;
    case "PullSynchronized":
      onPullSynchronized(s, event);
      return;
    case "RunCompleted":
      onRunCompleted(s, event);
      return;
    case "CommandReceived":
      onCommandReceived(s, event);
      return;
    case "CommandMalformed":
      onCommandMalformed(s, event);
      return;
    case "EffectFailed":
      onEffectFailed(s, event);
      return;
    case "BlockersRead":
      onBlockersRead(s, event);
      return;
    case "SubIssueOpened":
      onSubIssueOpened(s, event);
      return;
    case "SubIssuesUnavailable":
      subIssuesUnavailable(s, event.error);
      return;
    case "SubIssueAssigned":
      onSubIssueAssigned(s, event);
      return;
    case "Tick":
      onTick(s, event);
      return;
    default: {
      const _exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(_exhaustive)}`);
    }
  }
}

/** A label on an aborted task starts its next generation. */
function restart(s: Step, event: Extract<Event, { type: "LabelAdded" }>): void {
  s.r = newTask(s.r, event, s.ctx);
  announceStart(s, event.sender);
}

/**
 * The configuration did not validate. The core, not the adapter, decides what the sender hears: someone who
 * may not start the task gets the polite refusal (and someone who may not `/retry`, the command's refusal:
 * see `handle`), since the list of bad keys is for those who can act on it.
 */
function configInvalid(effects: Effect[], r: TaskRecord | null, event: EventOf<"ConfigInvalid">): void {
  const { cause } = event;
  if (cause.kind === "label" && !hasRole(event.role, "write")) {
    effects.push({
      type: "Comment",
      id: effectId(r, "label-refused", event.id),
      target: { kind: "issue" },
      body: labelRefusal(event.sender, cause.label),
    });
    return;
  }
  effects.push({
    type: "Comment",
    id: effectId(r, "config-invalid", event.id),
    target: { kind: "issue" },
    body: [
      "Conductor did not start: `.github/conductor.yml` is invalid.",
      "",
      ...event.errors.map((e) => `- ${e}`),
    ].join("\n"),
  });
}

/** The record without what changes on every call, to tell whether anything really happened. */
const essence = (r: TaskRecord): string =>
  JSON.stringify({ ...r, seen_events: [], updated_at: 0, revision: 0, outbox: [], done_effects: [] });

/**
 * When there is no task yet: the trigger label by a writer starts one, a refused label gets one
 * polite reply, an invalid configuration gets its comment; anything else is not Conductor's business.
 */
function fromNothing(event: Event, ctx: Ctx): Transition<TaskRecord | null> {
  const effects: Effect[] = [];
  if (event.type === "ConfigInvalid") configInvalid(effects, null, event);
  if (event.type !== "LabelAdded") return { record: null, effects };
  if (!hasRole(event.role, "write")) {
    effects.push({
      type: "Comment",
      id: effectId(null, "label-refused", event.id),
      target: { kind: "issue" },
      body: labelRefusal(event.sender, ctx.config.trigger.label),
    });
    return { record: null, effects };
  }
  const step: Step = { r: newTask(null, event, ctx), ctx, effects };
  announceStart(step, event.sender);
  return finish(step, event, null);
}

function finish(s: Step, event: Event, before: TaskRecord | null): Transition<TaskRecord | null> {
  const r = s.r;
  r.seen_events.push(event.id);
  if (r.seen_events.length > LIMITS.seen_events) r.seen_events.splice(0, r.seen_events.length - LIMITS.seen_events);
  const changed = before === null || essence(before) !== essence(r);
  if (changed) {
    r.revision = (before?.revision ?? r.revision) + 1;
    r.updated_at = s.ctx.now;
    // The adapter renders the record as it is when it performs the effect, so one pending refresh is enough.
    const pending = r.outbox.some((e) => e.type === "UpsertDashboard" && e.reply === null);
    if (!pending) s.effects.push({ type: "UpsertDashboard", id: effectId(r, "dashboard", r.revision), reply: null });
  } else if (before) {
    r.revision = before.revision;
    r.updated_at = before.updated_at;
  }
  // A decision that repeats one already pending or performed is dropped: replays add no effects.
  const seen = new Set<string>();
  const effects = s.effects.filter((e) => {
    if (seen.has(e.id) || knownEffect(r, e.id)) return false;
    seen.add(e.id);
    return true;
  });
  r.outbox.push(...effects);
  return { record: r, effects };
}

/**
 * The pure core (DESIGN §7): the next record and the new effects for one event. Never logs, never reads
 * the clock (time is `ctx.now`), never performs I/O. The same event id twice changes nothing, and an
 * event that repeats a known fact decides nothing new.
 */
export function transition(record: TaskRecord | null, event: Event, ctx: Ctx): Transition<TaskRecord | null> {
  if (record === null) return fromNothing(event, ctx);
  if (record.seen_events.includes(event.id)) return { record, effects: [] };
  const s: Step = { r: cloneRecord(record), ctx, effects: [] };
  handle(s, event);
  return finish(s, event, record);
}
