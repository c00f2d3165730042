import { beforeAll, describe, test } from "vitest";
import type { RandomFaults } from "../../src/sandbox/faults.js";
import { cleanRun, expectSameAsClean, RUN_TIMEOUT, runWorld, seeds } from "./scenario.js";
import type { Outcome } from "./world-outcome.js";

/**
 * Faults on the app's requests only (`appFaults`): the executor and the CI stand-in have no retries of
 * their own, and a CI that never reports is a different scenario (e2e: no CI → timeout → escalation).
 * Rate limits wait `Retry-After` on the world's clock (src/sandbox/world/rate-limit-retry.ts).
 */
const faultsFor = (seed: number): RandomFaults => ({
  rate: 0.1,
  seed,
  kinds: ["502", "secondary-rate-limit"],
  retryAfterSeconds: 30,
});

let clean: Outcome;
beforeAll(async () => {
  clean = await cleanRun();
}, RUN_TIMEOUT);

describe("reliability (issue #6): the small task ends as the clean run does", () => {
  test.concurrent.for(seeds)(
    "10% of the app's API calls fail with 502 or a secondary rate limit (Retry-After: 30) (seed %i)",
    { timeout: RUN_TIMEOUT },
    async (seed, { expect }) => {
      expectSameAsClean(await runWorld(seed, { appFaults: faultsFor(seed) }), clean, expect);
    },
  );
});
