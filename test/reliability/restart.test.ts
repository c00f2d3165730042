import { beforeAll, describe, test } from "vitest";

import { cleanRun, expectSameAsClean, RUN_TIMEOUT, runWorld, seeds } from "./scenario.js";
import type { Outcome } from "./world-outcome.js";

// Before each step of the world (a delivered batch, a job, a tick) the app is stopped, its queued work
// finished, and a fresh one started that knows nothing and rebuilds its tasks from GitHub (`world.restart`).
let clean: Outcome;
beforeAll(async () => {
  clean = await cleanRun();
}, RUN_TIMEOUT);

describe("reliability (issue #6): the small task ends as the clean run does", () => {
  test.concurrent.for(seeds)(
    "the app restarted at random points with its memory dropped (seed %i)",
    { timeout: RUN_TIMEOUT },
    async (seed, { expect }) => {
      expectSameAsClean(await runWorld(seed, { restartChance: 0.25 }), clean, expect);
    },
  );
});
