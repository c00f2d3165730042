import type { Ctx } from "../../core/ctx.js";
import type { Effect } from "../../core/effects.js";
import { markEffectDone } from "../../core/outbox.js";
import type { TaskRecord } from "../../core/record.js";
import { transition } from "../../core/transition.js";
import type { Loaded } from "../store/store.js";
import type { Held, Round } from "./caches.js";

/** The record after `rounds`: each one's effects marked done, then its events through `transition`. */
export function applyRounds(
  current: TaskRecord | null,
  rounds: readonly Round[],
  ctx: Ctx,
): { record: TaskRecord | null; effects: Effect[] } {
  let record = current;
  const effects: Effect[] = [];
  for (const round of rounds) {
    for (const id of round.done) if (record) record = markEffectDone(record, id);
    for (const event of round.events) {
      const next = transition(record, event, ctx);
      record = next.record;
      effects.push(...next.effects);
    }
  }
  return { record, effects };
}

/**
 * The steps of a task not written yet (src/github/reconcile/held-writes.ts), in order, and the record they make on
 * top of the stored one. That record is remembered for the stored record it was made on, so a step applies only the
 * rounds added since instead of replaying them all (each transition costs two serializations of the
 * record); after a lost compare-and-swap, on another stored record, every round is applied again.
 */
export class Unwritten {
  private list: Round[];
  private made: { on: TaskRecord; count: number; record: TaskRecord } | null;

  constructor(carried: Held | undefined, stored: Loaded<TaskRecord> | null) {
    this.list = carried ? [...carried.rounds] : [];
    this.made =
      carried && stored && carried.version === stored.version
        ? { on: stored.record, count: carried.rounds.length, record: carried.record }
        : null;
  }

  get rounds(): readonly Round[] {
    return this.list;
  }

  add(round: Round): void {
    this.list = [...this.list, round];
  }

  /** Everything was written. */
  clear(): void {
    this.list = [];
    this.made = null;
  }

  /** The record the rounds make on `current`, with the effects decided by the rounds applied now. */
  apply(current: TaskRecord | null, ctx: Ctx): { record: TaskRecord | null; effects: Effect[] } {
    const made = this.made;
    if (made && current === made.on && made.count <= this.list.length) {
      return applyRounds(made.record, this.list.slice(made.count), ctx);
    }
    return applyRounds(current, this.list, ctx);
  }

  /** `record` is what every round so far makes on the stored `on`. */
  madeOn(on: TaskRecord, record: TaskRecord): void {
    this.made = { on, count: this.list.length, record };
  }

  /** What to keep for the task's next reconcile, made on the stored `stored`. */
  held(stored: Loaded<TaskRecord>, ctx: Ctx): Held {
    const record = this.apply(stored.record, ctx).record ?? stored.record;
    return { rounds: this.list, version: stored.version, record };
  }
}
