import type { Effect } from "../../core/effects.js";
import { remember } from "../reconcile/bounded.js";
import { CACHE_LIMITS } from "../reconcile/caches.js";
import type { TaskEnv } from "../reconcile/task-env.js";
import { perform } from "./perform.js";

/**
 * Effects decided for an issue that has no task (the polite refusal, a broken configuration): there is no
 * outbox to keep them in, so the process remembers their ids and a redelivered webhook repeats none.
 */
export async function performWithoutRecord(env: TaskEnv, effects: Effect[]): Promise<void> {
  for (const effect of effects) {
    if (env.caches.performed.has(effect.id)) continue;
    await perform(effect, { ...env, record: null, fresh: true });
    remember(env.caches.performed, effect.id, true, CACHE_LIMITS.performed);
  }
}
