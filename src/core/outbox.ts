import type { Effect } from "./effects.js";
import { LIMITS, type TaskRecord } from "./record.js";

/** Effects decided and not yet performed, in the order they were decided. */
export function pendingEffects(record: TaskRecord): Effect[] {
  return record.outbox;
}

/**
 * The adapter performed an effect: take it out of the outbox and remember its id, so the same decision
 * is never performed twice. Saved with compare-and-swap like any other change of the record.
 */
export function markEffectDone(record: TaskRecord, id: string): TaskRecord {
  if (!record.outbox.some((e) => e.id === id)) return record;
  const done = [...record.done_effects, id];
  return {
    ...record,
    outbox: record.outbox.filter((e) => e.id !== id),
    done_effects: done.length > LIMITS.done_effects ? done.slice(-LIMITS.done_effects) : done,
  };
}

/** True when an effect with this id is pending or was performed. */
export function knownEffect(record: TaskRecord, id: string): boolean {
  return record.outbox.some((e) => e.id === id) || record.done_effects.includes(id);
}
