import { beforeAll, describe, test } from "vitest";

import { cleanRun, expectSameAsClean, RUN_TIMEOUT, runWorld, seeds, shuffledConcurrent } from "./scenario.js";
import type { Outcome } from "./world-outcome.js";

let clean: Outcome;
beforeAll(async () => {
  clean = await cleanRun();
}, RUN_TIMEOUT);

describe("reliability (issue #6): the small task ends as the clean run does", () => {
  test.concurrent.for(seeds)(
    "deliveries shuffled and concurrent (seed %i)",
    { timeout: RUN_TIMEOUT },
    async (seed, { expect }) => {
      expectSameAsClean(await runWorld(seed, { deliver: shuffledConcurrent }), clean, expect);
    },
  );
});
