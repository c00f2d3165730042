import type { Config } from "../config/schema.js";

const MINUTE = 60_000;

/**
 * How long to wait before re-dispatching after the `failures`-th infrastructure failure in a row
 * (1-based): `retries.backoff_minutes[failures - 1]`, the last entry repeating.
 */
export function backoffMs(config: Config, failures: number): number {
  const steps = config.retries.backoff_minutes;
  const index = Math.min(Math.max(failures, 1), steps.length) - 1;
  return (steps[index] ?? steps[steps.length - 1] ?? 0) * MINUTE;
}
