/**
 * The reliability scenarios' shared parts: a small spec, the seeds, one world run and its comparison with the
 * clean run (docs/architecture.md#idempotent-effects-with-deterministic-ids). One file per scenario, so
 * vitest can run them side by side.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, type ExpectStatic, expect, test } from "vitest";
import { createWorld, type DeliveryPolicy, SAMPLE_SPEC, type WorldOptions } from "../../sandbox/world.js";
import { type Outcome, outcomeOf } from "./world-outcome.js";

/**
 * Seeds per scenario: 20 (the count README.md states), so that shuffles, faults and restarts strike at many
 * different points of a run. Each file runs its seeds as concurrent tests (`test.concurrent`, at most
 * `maxConcurrency` of vitest.config.ts at a time): a world spends much of its run waiting on git and on CI's
 * test commands, so several worlds share one process well. `RELIABILITY_SEEDS` changes the count.
 */
export const SEED_COUNT = Number(process.env.RELIABILITY_SEEDS ?? "20");
export const seeds = Array.from({ length: SEED_COUNT }, (_, i) => i + 1);
/**
 * A guard against a hung run, not a timing assertion. One small-spec run takes ~5 s alone; four or eight
 * at once (two files side by side) on two cores that other test suites kept busy (load average 11) took
 * up to 80 s each.
 */
export const RUN_TIMEOUT = 300_000;

/**
 * Two phases of two modules, cut from the sample task (same solutions and tests). `stock` declares the
 * dependency its code has (`Depends on: sku`), so every scenario also starts a module before its phase
 * (docs/spec-format.md#dependencies) while faults, redeliveries and restarts strike.
 */
export function smallSpec(): string {
  const full = readFileSync(SAMPLE_SPEC, "utf8");
  return full
    .replace("Test Command: node test/stock.test.js", "Test Command: node test/stock.test.js\nDepends on: sku")
    .replace("Modules: money, tax, sku", "Modules: money, sku")
    .replace("Modules: catalog, discounts, stock", "Modules: catalog, stock")
    .replace(/\n### Phase 3:[\s\S]*$/, "\n")
    .replace(/\n#### Module: (tax|discounts)\n[\s\S]*?(?=\n###)/g, "\n");
}

/** A seeded Fisher–Yates shuffle. */
export const shuffle = <T>(items: readonly T[], random: () => number): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

/** Every webhook delivered twice, one after the other. */
export const twice: DeliveryPolicy = async (batch, receive) => {
  for (const d of batch) {
    await receive(d);
    await receive(d);
  }
};

/** A batch delivered in a seeded order, all at once. */
export const shuffledConcurrent: DeliveryPolicy = async (batch, receive, random) => {
  await Promise.all(shuffle(batch, random).map((d) => receive(d)));
};

/** Runs the small spec (or `spec`) to its end and reads the outcome. */
export async function runWorld(seed: number, options: WorldOptions = {}): Promise<Outcome> {
  const world = await createWorld({ spec: smallSpec(), seed, ...options });
  try {
    await world.openTask();
    await world.run();
    return await outcomeOf(world);
  } finally {
    await world.close();
  }
}

/** The clean run's outcome, checked to be done. */
export async function cleanRun(options: WorldOptions = {}): Promise<Outcome> {
  const clean = await runWorld(1, options);
  expect(clean.status).toBe("done");
  expect(clean.modules.every((m) => m.merged)).toBe(true);
  // A variant with sub-issues compares against a clean run that has one per module, all completed.
  const tracked = options.config?.tracking !== undefined;
  expect(clean.subIssues.filter((s) => s.endsWith(": closed (completed)"))).toHaveLength(
    tracked ? clean.modules.length : 0,
  );
  return clean;
}

/**
 * Checks a run against the clean one: same end (merged modules, final PR), nothing done twice (PRs,
 * dispatches, merges, comments, counted in the sandbox), no lost record update (every module merged in
 * the stored record, its outbox empty). Concurrent tests pass their own `expect` (vitest's rule for
 * concurrent tests, so each failure is told to the test it belongs to).
 */
export function expectSameAsClean(outcome: Outcome, clean: Outcome, expect: ExpectStatic): void {
  expect(outcome.status).toBe(clean.status);
  expect(outcome.merged.sort()).toEqual(clean.merged.sort());
  expect(outcome.prHeads).toEqual(clean.prHeads);
  expect(new Set(outcome.prHeads).size).toBe(outcome.prHeads.length);
  expect(outcome.finalPr).toBe(1);
  expect(outcome.merges).toBe(clean.merges);
  expect(outcome.dispatches).toBe(clean.dispatches);
  expect(outcome.botComments).toEqual(clean.botComments);
  expect(outcome.modules).toEqual(clean.modules);
  expect(outcome.modules.every((m) => m.merged)).toBe(true);
  expect(outcome.outbox).toBe(0);
  expect(outcome.subIssues).toEqual(clean.subIssues);
  expect(outcome.strayIssues).toBe(0);
}

/**
 * One scenario file: every seed runs `run` as a concurrent test, each checked against the clean run with
 * its own `expect` (`expectSameAsClean`). `name` is the test's name before " (seed N)"; `cleanOptions` are the
 * clean run's (a variant's configuration, without its faults).
 */
export function describeScenario(
  name: string,
  run: (seed: number) => Promise<Outcome>,
  cleanOptions: WorldOptions = {},
): void {
  let clean: Outcome;
  beforeAll(async () => {
    clean = await cleanRun(cleanOptions);
  }, RUN_TIMEOUT);

  describe("reliability: the small task ends as its clean run does", () => {
    test.concurrent.for(seeds)(`${name} (seed %i)`, { timeout: RUN_TIMEOUT }, async (seed, { expect }) => {
      expectSameAsClean(await run(seed), clean, expect);
    });
  });
}
