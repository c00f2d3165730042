import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { SAMPLE_SPEC } from "../../sandbox/world.js";
import { expectSameAsClean, RUN_TIMEOUT, runWorld, shuffledConcurrent } from "./scenario.js";
import type { Outcome } from "./world-outcome.js";

// The seeded scenarios run a 2 × 2 cut of the sample; this runs the whole 3 × 3 task once with every
// perturbation at the same time, against its own clean run.
const spec = readFileSync(SAMPLE_SPEC, "utf8");

let clean: Outcome;
beforeAll(async () => {
  clean = await runWorld(1, { spec });
  expect(clean.status).toBe("done");
  expect(clean.modules).toHaveLength(9);
}, RUN_TIMEOUT);

describe("reliability: the 3 × 3 sample task ends as its clean run does", () => {
  test(
    "shuffled concurrent deliveries, 10% faults on the app's requests and random restarts, at once",
    async ({ expect }) => {
      const appFaults = { rate: 0.1, seed: 1, kinds: ["502" as const, "secondary-rate-limit" as const] };
      const outcome = await runWorld(1, { spec, deliver: shuffledConcurrent, appFaults, restartChance: 0.15 });
      expectSameAsClean(outcome, clean, expect);
    },
    RUN_TIMEOUT * 2,
  );
});
