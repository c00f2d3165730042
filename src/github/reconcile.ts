import type { Config } from "../config/schema.js";
import type { Ctx } from "../core/ctx.js";
import type { Effect } from "../core/effects.js";
import type { Event } from "../core/events.js";
import { markEffectDone } from "../core/outbox.js";
import { TaskRecord } from "../core/record.js";
import { remember } from "./bounded.js";
import { CACHE_LIMITS, type Held, type Round } from "./caches.js";
import { DEFAULT_CONFIG, type ReadConfig } from "./config.js";
import type { Deps } from "./deps.js";
import { requestFailure } from "./http-error.js";
import { type Intake, nothing } from "./intake.js";
import { perform } from "./perform.js";
import { performWithoutRecord } from "./perform-without-record.js";
import { saveRecord } from "./save-record.js";
import { createTaskStore, type Loaded } from "./store.js";
import { type TaskEnv, taskKey } from "./task-env.js";
import { reconcileUnreadable } from "./unreadable/reconcile-unreadable.js";
import { UnreadableRecordError } from "./unreadable/unreadable-record-error.js";
import { Unwritten } from "./unwritten.js";

/** An effect GitHub refused this many times (not counting outages) is given up and logged. */
export const MAX_EFFECT_FAILURES = 3;

const isDashboard = (e: Effect): boolean => e.type === "UpsertDashboard";

/**
 * One reconcile of one task (DESIGN §7), run under the task's lock (`TaskQueue`):
 * load the record → build the events, reading what the decision needs → `transition` → save the record
 * with its pending effects (the outbox) → perform them in order → report their outcomes through
 * `transition` and mark them done in the next save → … until only the dashboard is left, which is
 * rendered from the final record and marked done in the same save as the last outcomes.
 *
 * Writes that guard nothing are held back (issue #6: the record's writes were most of the app's
 * requests). The outbox is written before an effect is performed so that a crash, a redelivery or a second
 * replica repeats no work; that guard is needed only where GitHub would let the work happen twice
 * (`SAFE_UNWRITTEN`). While the task is `running`, a step whose effects are all safe that way (or that
 * leaves nothing but the dashboard) is not written: it is performed from the record in memory, and the
 * steps since the last write are kept (`caches.unsaved`) and applied again, in order, before the task's
 * next events, by its next reconcile, whose write carries them. A sweep's `Tick`, a graceful shutdown
 * (`flush`) and every change of the task's status write them in any case. If the process dies first,
 * nothing is lost: effects written as pending are performed again and GitHub answers that they are done
 * (every effect is idempotent), and facts and safe effects come back with the next event or the sweep,
 * which reads the result comments and checks a lost webhook would have brought. Returns the record as it
 * stands at the end, written or held (`null` when the task has none).
 */
export async function reconcile(
  env: TaskEnv,
  intake: Intake,
  readConfig: () => Promise<ReadConfig> = async () => ({ ok: true, config: DEFAULT_CONFIG }),
): Promise<TaskRecord | null> {
  const { deps, issue, log } = env;
  const key = taskKey(env.repo, issue);
  const store = createTaskStore<TaskRecord>(env.octokit, env.repo, { parse: TaskRecord.parse, cache: deps.storeCache });
  let state: Loaded<TaskRecord> | null;
  try {
    state = await store.load(issue);
  } catch (error) {
    if (!(error instanceof UnreadableRecordError)) throw error;
    // Steps held in memory were made on a record that is gone; a rebuild starts from GitHub, not from them.
    env.caches.unsaved.delete(key);
    // A broken record must not make every event throw (docs/troubleshooting.md#the-record-is-unreadable).
    const again = () =>
      reconcile(env, { issue, id: `rebuilt:${error.version}`, build: async () => nothing }, readConfig);
    return await reconcileUnreadable(env, intake, error, readConfig, store, again);
  }
  env.caches.unreadable.delete(key);
  const unwritten = new Unwritten(env.caches.unsaved.get(key), state);
  env.caches.unsaved.delete(key);
  // The events are read against the record as this process knows it: stored, plus the steps it holds.
  const known = state && unwritten.rounds.length > 0 ? unwritten.apply(state.record, ctxOf(deps, state.record)) : null;
  const built = await intake.build({ ...env, record: known?.record ?? state?.record ?? null, readConfig });
  if (built.events.length > 0) log.debug({ events: built.events.map((e) => e.type) }, "events");
  const flush = !deps.holdWrites || built.events.some((e) => e.type === "Tick");
  unwritten.add({ done: [], events: built.events });
  const fresh = new Set<string>();
  let dashboards = 0;
  let held = false;
  for (let step = 0; step < deps.maxRounds; step++) {
    const ctx = ctxOf(deps, state?.record ?? null, built.config);
    const saved = await saveRecord(
      store,
      issue,
      state,
      (current) => {
        const { record, effects } = unwritten.apply(current, ctx);
        const hold = !flush && current !== null && record !== null && holdable(current, record);
        return { record, effects, hold };
      },
      async (next, attempt) => {
        // Only the dashboard left: show the final record, then save it marked done (one write, not two).
        if (next.outbox.length === 0 || !next.outbox.every(isDashboard)) return next;
        if (dashboards > 0 && attempt === 1) return next.outbox.reduce((r, e) => markEffectDone(r, e.id), next);
        if (!(await showDashboard(env, next))) return next;
        dashboards += 1;
        return next.outbox.reduce((r, e) => markEffectDone(r, e.id), next);
      },
    );
    for (const effect of saved.effects) fresh.add(effect.id);
    if (saved.loaded === null) {
      await performWithoutRecord(env, saved.effects);
      return null;
    }
    state = saved.loaded;
    held = saved.held !== undefined;
    if (saved.held) unwritten.madeOn(state.record, saved.held);
    else unwritten.clear();
    const record = saved.held ?? state.record;
    const pending = record.outbox.filter((e) => !isDashboard(e));
    if (pending.length === 0) break;
    const round = await performAll(env, record, pending, fresh);
    if (round.done.length === 0) break;
    unwritten.add(round);
  }
  if (!state) return null;
  const ctx = ctxOf(deps, state.record, built.config);
  if (held) return await hold(env, key, unwritten.held(state, ctx));
  // Only when `maxRounds` ran out after performing: the next reconcile writes the outcomes.
  if (unwritten.rounds.length > 0) remember(env.caches.unsaved, key, unwritten.held(state, ctx), CACHE_LIMITS.unsaved);
  return state.record;
}

/** The core's context now: the configuration read for this event, else the record's. */
function ctxOf(deps: Deps, record: TaskRecord | null, config?: Config): Ctx {
  return { now: deps.now(), config: config ?? record?.config ?? DEFAULT_CONFIG };
}

/**
 * Effects that may be performed before the outbox naming them is written, because GitHub itself keeps
 * them from happening twice, or a second one changes nothing: a merge names the SHA it merges (a replay is
 * answered "already merged", src/github/perform/merge.ts), and a second `conductor/verify` run on the
 * same SHA says the same as the first (only the latest counts). Dispatches, comments and the rest are
 * written first.
 */
const SAFE_UNWRITTEN: ReadonlySet<Effect["type"]> = new Set(["Merge", "CreateVerifyCheck"]);

/**
 * A step may stay unwritten when the task is running before and after and everything it leaves to do is
 * the dashboard or safe to perform unwritten. A task that changes status, or is paused, blocked or
 * finished, is always written, so a finished task's record is complete on GitHub. So is a new integration
 * head: the next phase's branches and checkpoint are made from it, and merges recovered after a crash
 * would come back in any order (found by the reliability runs: a phase started from a stale head).
 */
function holdable(current: TaskRecord, next: TaskRecord): boolean {
  return (
    current.status === "running" &&
    next.status === "running" &&
    next.integration_head === current.integration_head &&
    next.outbox.every((e) => isDashboard(e) || SAFE_UNWRITTEN.has(e.type))
  );
}

/**
 * Keeps the unwritten steps in memory for the task's next reconcile (see `reconcile`), after showing the
 * dashboard if they asked for it; the shown dashboard is remembered as done, so it is not shown again.
 */
async function hold(env: TaskEnv, key: string, kept: Held): Promise<TaskRecord> {
  const views = kept.record.outbox.filter(isDashboard).map((e) => e.id);
  const shown = views.length > 0 && (await showDashboard(env, kept.record));
  const final: Held = shown
    ? {
        rounds: [...kept.rounds, { done: views, events: [] }],
        version: kept.version,
        record: views.reduce((r, id) => markEffectDone(r, id), kept.record),
      }
    : kept;
  remember(env.caches.unsaved, key, final, CACHE_LIMITS.unsaved);
  return final.record;
}

/** Renders the dashboard of `record`; false if GitHub refused (a view is no reason to lose the step). */
async function showDashboard(env: TaskEnv, record: TaskRecord): Promise<boolean> {
  try {
    await perform(dashboardOf(record.outbox), { ...env, record, fresh: true });
    return true;
  } catch (error) {
    // The next reconcile renders it again.
    env.log.warn({ err: error }, "dashboard not updated");
    return false;
  }
}

/** The dashboard effect to perform for several pending ones: the latest, with a `/status` reply if any asked. */
function dashboardOf(outbox: Effect[]): Effect {
  const all = outbox.filter((e) => e.type === "UpsertDashboard");
  const reply = all.find((e) => e.reply !== null);
  return reply ?? all[all.length - 1] ?? { type: "UpsertDashboard", id: "dashboard", reply: null };
}

/**
 * Performs pending effects in the order they were decided, stopping at the first that fails: a later
 * effect may depend on it (the PR needs its branch, the dispatch its brief). The failed one stays in the
 * outbox for the next reconcile or tick, unless GitHub refused it `MAX_EFFECT_FAILURES` times for a reason
 * that is not an outage, in which case it is given up, logged and reported to the core as `EffectFailed`,
 * so one bad effect can neither stop a task nor leave it waiting for an answer that never comes.
 */
async function performAll(env: TaskEnv, record: TaskRecord, pending: Effect[], fresh: Set<string>): Promise<Round> {
  const round: Round = { done: [], events: [] };
  for (const effect of pending) {
    const log = env.log.child({
      effect: effect.type,
      effect_id: effect.id,
      ...("module" in effect ? { module: effect.module } : {}),
    });
    try {
      round.events.push(...(await perform(effect, { ...env, log, record, fresh: fresh.has(effect.id) })));
      round.done.push(effect.id);
      env.caches.failures.delete(effect.id);
      log.debug({}, "performed");
    } catch (error) {
      const failure = requestFailure(error);
      const outage =
        failure !== undefined && (failure.status >= 500 || failure.status === 429 || /rate limit/i.test(failure.text));
      const count = (env.caches.failures.get(effect.id) ?? 0) + (outage ? 0 : 1);
      remember(env.caches.failures, effect.id, count, CACHE_LIMITS.failures);
      if (count >= MAX_EFFECT_FAILURES) {
        log.error({ err: error, failures: count }, "effect keeps failing; given up");
        round.done.push(effect.id);
        // The core decides what a given-up effect means (src/core/on-effect-failed.ts); without this event a
        // module would wait forever for the answer to its dispatch, verify check or merge.
        round.events.push(effectFailed(effect, error));
        continue;
      }
      log.warn({ err: error, failures: count }, "effect failed; it stays in the outbox");
      break;
    }
  }
  return round;
}

/** GitHub's words about a failure, short: the core puts them in the log and in escalations. */
function effectFailed(effect: Effect, error: unknown): Event {
  const failure = requestFailure(error);
  const text = failure ? `${failure.status} ${failure.text}` : error instanceof Error ? error.message : String(error);
  return { type: "EffectFailed", id: `effect:${effect.id}:failed`, effect, error: text.slice(0, 300) };
}
