import type { EffectOf, EffectType } from "../../core/effects.js";
import type { Event } from "../../core/events.js";
import type { TaskRecord } from "../../core/record.js";
import type { TaskEnv } from "../reconcile/task-env.js";

/** What a performer works with: the task's environment and the record the effect was decided in. */
export interface PerformEnv extends TaskEnv {
  /** The record as saved with this effect in its outbox; `null` for effects of a task that has none. */
  record: TaskRecord | null;
  /**
   * True when this reconcile decided the effect, so no earlier reconcile can have performed it; false for
   * an effect found waiting in the outbox (a crash or a failed request may have left it half done).
   */
  fresh: boolean;
}

/**
 * Performs one effect on GitHub and returns the events that report its outcome (see each effect's JSDoc
 * in src/core/effects.ts). Every performer is idempotent; its rule is written next to it.
 */
export type Performer<T extends EffectType> = (effect: EffectOf<T>, env: PerformEnv) => Promise<Event[]>;

/** The id of the event reporting an effect's outcome (src/core/events.ts): `effect:<effect id>`. */
export const outcomeId = (effect: { id: string }): string => `effect:${effect.id}`;

/** The record a performer needs; effects that read it are only ever decided for a task that has one. */
export function requireRecord(env: PerformEnv): TaskRecord {
  if (env.record === null) throw new Error(`task #${env.issue}: this effect needs the task record`);
  return env.record;
}

/** The number of the module's sub-issue in the record the effect was decided in (docs/task-graph.md#sub-issues). */
export function subIssueOf(env: PerformEnv, module: string): number | null {
  return env.record?.modules.find((m) => m.key === module)?.sub_issue?.number ?? null;
}
