import type { RandomFaults } from "../../sandbox/faults.js";
import { describeScenario, runWorld } from "./scenario.js";

/**
 * Faults on the app's requests only (`appFaults`): the executor and the CI stand-in have no retries of
 * their own, and a CI that never reports is a different scenario (e2e: no CI → timeout → escalation).
 * Rate limits wait `Retry-After` on the world's clock (sandbox/world/rate-limit-retry.ts).
 */
const faultsFor = (seed: number): RandomFaults => ({
  rate: 0.1,
  seed,
  kinds: ["502", "secondary-rate-limit"],
  retryAfterSeconds: 30,
});

describeScenario("10% of the app's API calls fail with 502 or a secondary rate limit (Retry-After: 30)", (seed) =>
  runWorld(seed, { appFaults: faultsFor(seed) }),
);
