/**
 * Held writes (docs/architecture.md#held-writes, DESIGN §7): which steps of a reconcile write the task's
 * record, and which are kept in memory until a later write carries them. `reconcile` asks this file at
 * each step; `Unwritten` (src/github/reconcile/unwritten.ts) computes the record the kept steps make.
 *
 * The outbox is written before an effect is performed so that a crash, a redelivery or a second replica
 * repeats no work; that guard is needed only where GitHub would let the work happen twice
 * (`SAFE_UNWRITTEN`). Writes that guard nothing are held back: the record's writes were most of the app's
 * requests, and mutating requests are what GitHub's secondary rate limits ration. While the task is
 * `running`, a step whose effects are all safe that way (or that leaves nothing but the dashboard) is not
 * written: it is performed from the record in memory, and the steps since the last write are kept
 * (`caches.unsaved`) and applied again, in order, before the task's next events, by its next reconcile,
 * whose write carries them. A sweep's `Tick`, a graceful shutdown (`flush`, which ticks every task that
 * holds steps), `holdWrites: false` (Actions-hosted mode) and every change of the task's status write
 * them in any case. If the process dies first, nothing is lost: effects written as pending are performed
 * again and GitHub answers that they are done (every effect is idempotent), and facts and safe effects
 * come back with the next event or the sweep, which reads the result comments and checks a lost webhook
 * would have brought.
 */
import type { Ctx } from "../../core/ctx.js";
import type { Effect } from "../../core/effects.js";
import type { Event } from "../../core/events.js";
import { markEffectDone } from "../../core/outbox.js";
import type { TaskRecord } from "../../core/record.js";
import type { Change } from "../store/save-record.js";
import type { Loaded } from "../store/store.js";
import { remember } from "./bounded.js";
import { type AppCaches, CACHE_LIMITS, type Held, type Round } from "./caches.js";
import { isDashboard, showDashboard } from "./show-dashboard.js";
import type { TaskEnv } from "./task-env.js";
import { Unwritten } from "./unwritten.js";

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
 * Forgets the steps held for a task whose record is unreadable: they were made on a record that is gone,
 * and a rebuild starts from GitHub, not from them.
 */
export function dropHeld(caches: AppCaches, key: string): void {
  caches.unsaved.delete(key);
}

/**
 * The held-writes side of one reconcile of one task: the steps since its record was last written (taken
 * from `caches.unsaved`, so they are this reconcile's to write or to keep again), whether this reconcile
 * may hold its own, and what it keeps for the next one.
 */
export class HeldWrites {
  readonly #env: TaskEnv;
  readonly #key: string;
  readonly #steps: Unwritten;
  /** Write whatever this reconcile does (a `Tick`, or holding turned off). */
  #writeAll = true;
  /** The last save was held: the record performed from is in memory only. */
  #held = false;

  /** Takes the steps this process holds for the task `key`, made on `stored` or on an older version. */
  constructor(env: TaskEnv, key: string, stored: Loaded<TaskRecord> | null) {
    this.#env = env;
    this.#key = key;
    this.#steps = new Unwritten(env.caches.unsaved.get(key), stored);
    env.caches.unsaved.delete(key);
  }

  /** The record as this process knows it (the events are read against it): stored, plus the steps it holds. */
  known(stored: Loaded<TaskRecord> | null, ctx: (record: TaskRecord) => Ctx): TaskRecord | null {
    const known = stored && this.#steps.rounds.length > 0 ? this.#steps.apply(stored.record, ctx(stored.record)) : null;
    return known?.record ?? stored?.record ?? null;
  }

  /** This reconcile's events are the next step; a sweep's `Tick` (or `holdWrites: false`) writes everything. */
  begin(events: Event[]): void {
    this.#writeAll = !this.#env.deps.holdWrites || events.some((e) => e.type === "Tick");
    this.#steps.add({ done: [], events });
  }

  /** Performed effects and the events they reported: the next step. */
  add(round: Round): void {
    this.#steps.add(round);
  }

  /**
   * The change to save: every step so far through `transition`, on whatever is stored (again after a lost
   * compare-and-swap), marked to be held rather than written when this policy allows.
   */
  transition(ctx: Ctx): Change {
    return (current) => {
      const { record, effects } = this.#steps.apply(current, ctx);
      const hold = !this.#writeAll && current !== null && record !== null && holdable(current, record);
      return { record, effects, hold };
    };
  }

  /** After a save that left `stored` (and held `held`, if it held): the record to perform from. */
  afterSave(stored: Loaded<TaskRecord>, held: TaskRecord | undefined): TaskRecord {
    this.#held = held !== undefined;
    if (held) this.#steps.madeOn(stored.record, held);
    else this.#steps.clear();
    return held ?? stored.record;
  }

  /**
   * At the end of the reconcile: keeps what is unwritten for the task's next reconcile, after showing the
   * dashboard if a held step asked for it (remembered as done, so it is not shown again). Steps are also
   * kept when `maxRounds` ran out after performing: the next reconcile writes their outcomes. Returns the
   * record as it stands, written or held.
   */
  async keep(stored: Loaded<TaskRecord>, ctx: Ctx): Promise<TaskRecord> {
    if (this.#held) return await this.#hold(this.#steps.held(stored, ctx));
    if (this.#steps.rounds.length > 0) this.#remember(this.#steps.held(stored, ctx));
    return stored.record;
  }

  async #hold(kept: Held): Promise<TaskRecord> {
    const views = kept.record.outbox.filter(isDashboard).map((e) => e.id);
    const shown = views.length > 0 && (await showDashboard(this.#env, kept.record));
    const final: Held = shown
      ? {
          rounds: [...kept.rounds, { done: views, events: [] }],
          version: kept.version,
          record: views.reduce((r, id) => markEffectDone(r, id), kept.record),
        }
      : kept;
    this.#remember(final);
    return final.record;
  }

  #remember(held: Held): void {
    remember(this.#env.caches.unsaved, this.#key, held, CACHE_LIMITS.unsaved);
  }
}
