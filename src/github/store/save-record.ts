import type { Effect } from "../../core/effects.js";
import type { TaskRecord } from "../../core/record.js";
import type { Loaded, TaskStore } from "./store.js";
import { CasConflictError } from "./with-cas.js";

/**
 * A change to apply to whatever record is stored: pure, so it can be applied again after a conflict.
 * `hold: true` asks for the result not to be written now (src/github/reconcile/held-writes.ts: what it only learned
 * is kept in memory until a write is due); honoured only when a record is stored, since a task's first
 * record must exist.
 */
export type Change = (current: TaskRecord | null) => { record: TaskRecord | null; effects: Effect[]; hold?: boolean };

/**
 * What a save left: the stored record (or none), the effects the change decided on it, whether it wrote,
 * and, when the change was held, the record it made (not stored).
 */
export type Saved = { loaded: Loaded<TaskRecord> | null; effects: Effect[]; wrote: boolean; held?: TaskRecord };

/** The record without what every event touches: equal essences mean the event changed nothing. */
const essence = (r: TaskRecord): string => JSON.stringify({ ...r, seen_events: [] });

/**
 * Applies `change` to `start` and saves it with compare-and-swap (DESIGN §7). On a conflict the record is
 * loaded again and `change` re-applied to what the other writer stored, so no update is lost; bounded by
 * `maxRetries` like `withCas` (src/github/store/with-cas.ts), which this follows but starts from a record in
 * hand: a reconcile saves several times and need not read back what it just wrote.
 *
 * A change that leaves the record as it was apart from remembering the event id writes nothing: the
 * event changed nothing, so seeing it again would change nothing either. `beforeSave` may adjust the
 * record about to be saved (the dashboard is performed there when it is all that is left to do).
 */
export async function saveRecord(
  store: TaskStore<TaskRecord>,
  issue: number,
  start: Loaded<TaskRecord> | null,
  change: Change,
  beforeSave: (next: TaskRecord, attempt: number) => Promise<TaskRecord> = async (next) => next,
  maxRetries = 5,
): Promise<Saved> {
  let current = start;
  let reason = "";
  for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
    const { record, effects, hold } = change(current?.record ?? null);
    if (record === null) return { loaded: current, effects, wrote: false };
    if (current && effects.length === 0 && essence(current.record) === essence(record)) {
      return { loaded: current, effects, wrote: false };
    }
    if (current && hold === true) return { loaded: current, effects, wrote: false, held: record };
    const next = await beforeSave(record, attempt);
    const result = await store.save(issue, next, current?.version ?? null);
    if (result.ok) return { loaded: { record: next, version: result.version }, effects, wrote: true };
    reason = result.reason;
    current = await store.load(issue);
  }
  throw new CasConflictError(issue, maxRetries + 1, reason);
}
