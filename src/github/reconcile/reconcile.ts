import type { Config } from "../../config/schema.js";
import type { Ctx } from "../../core/ctx.js";
import type { Effect } from "../../core/effects.js";
import type { Event } from "../../core/events.js";
import { markEffectDone } from "../../core/outbox.js";
import { TaskRecord } from "../../core/record.js";
import { requestFailure } from "../octokit/http-error.js";
import { perform } from "../perform/perform.js";
import { performWithoutRecord } from "../perform/perform-without-record.js";
import { saveRecord } from "../store/save-record.js";
import { createTaskStore, type Loaded } from "../store/store.js";
import { reconcileUnreadable } from "../unreadable/reconcile-unreadable.js";
import { UnreadableRecordError } from "../unreadable/unreadable-record-error.js";
import { remember } from "./bounded.js";
import { CACHE_LIMITS, type Round } from "./caches.js";
import { DEFAULT_CONFIG, type ReadConfig } from "./config.js";
import type { Deps } from "./deps.js";
import { dropHeld, HeldWrites } from "./held-writes.js";
import { type Intake, nothing } from "./intake.js";
import { isDashboard, showDashboard } from "./show-dashboard.js";
import { type TaskEnv, taskKey } from "./task-env.js";

/** An effect GitHub refused this many times (not counting outages) is given up and logged. */
export const MAX_EFFECT_FAILURES = 3;

/**
 * One reconcile of one task (DESIGN §7), run under the task's lock (`TaskQueue`):
 * load the record → build the events, reading what the decision needs → `transition` → save the record
 * with its pending effects (the outbox) → perform them in order → report their outcomes through
 * `transition` and mark them done in the next save → … until only the dashboard is left, which is
 * rendered from the final record and marked done in the same save as the last outcomes.
 *
 * Whether a save is written, or only kept in memory for a later save to carry, is the held-writes policy
 * (`HeldWrites` in held-writes.ts; docs/architecture.md#held-writes): the calls on `writes` can be skipped on
 * a first reading. Returns the record as it stands at the end, written or held (`null` when the task has
 * none).
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
    dropHeld(env.caches, key);
    // A broken record must not make every event throw (docs/troubleshooting.md#the-record-is-unreadable).
    const again = () =>
      reconcile(env, { issue, id: `rebuilt:${error.version}`, build: async () => nothing }, readConfig);
    return await reconcileUnreadable(env, intake, error, readConfig, store, again);
  }
  env.caches.unreadable.delete(key);
  const writes = new HeldWrites(env, key, state);
  const known = writes.known(state, (stored) => ctxOf(deps, stored));
  const built = await intake.build({ ...env, record: known, readConfig });
  if (built.events.length > 0) log.debug({ events: built.events.map((e) => e.type) }, "events");
  writes.begin(built.events);
  const fresh = new Set<string>();
  let dashboards = 0;
  for (let step = 0; step < deps.maxRounds; step++) {
    const ctx = ctxOf(deps, state?.record ?? null, built.config);
    // `transition` on every step so far, then save the record with its outbox (or hold it: held-writes.ts).
    const saved = await saveRecord(store, issue, state, writes.transition(ctx), async (next, attempt) => {
      // Only the dashboard left: show the final record, then save it marked done (one write, not two).
      if (next.outbox.length === 0 || !next.outbox.every(isDashboard)) return next;
      if (dashboards > 0 && attempt === 1) return next.outbox.reduce((r, e) => markEffectDone(r, e.id), next);
      if (!(await showDashboard(env, next))) return next;
      dashboards += 1;
      return next.outbox.reduce((r, e) => markEffectDone(r, e.id), next);
    });
    for (const effect of saved.effects) fresh.add(effect.id);
    if (saved.loaded === null) {
      await performWithoutRecord(env, saved.effects);
      return null;
    }
    state = saved.loaded;
    const record = writes.afterSave(state, saved.held);
    const pending = record.outbox.filter((e) => !isDashboard(e));
    if (pending.length === 0) break;
    const round = await performAll(env, record, pending, fresh);
    if (round.done.length === 0) break;
    writes.add(round);
  }
  if (!state) return null;
  return await writes.keep(state, ctxOf(deps, state.record, built.config));
}

/** The core's context now: the configuration read for this event, else the record's. */
function ctxOf(deps: Deps, record: TaskRecord | null, config?: Config): Ctx {
  return { now: deps.now(), config: config ?? record?.config ?? DEFAULT_CONFIG };
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
