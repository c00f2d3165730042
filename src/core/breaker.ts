import type { Config } from "../config/schema.js";

/**
 * The task's circuit breaker: failures (charged or not) within `circuit_breaker.window_minutes`.
 * Returns the pruned list with `now` added, and whether it reached `circuit_breaker.failures`.
 */
export function recordFailure(
  failures: readonly number[],
  now: number,
  config: Config,
): { failures: number[]; tripped: boolean } {
  const since = now - config.circuit_breaker.window_minutes * 60_000;
  const kept = [...failures.filter((at) => at > since), now];
  return { failures: kept, tripped: kept.length >= config.circuit_breaker.failures };
}
