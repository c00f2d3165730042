/**
 * The reliability scenarios' shared parts (issue #6): a small spec, the seeds, one world run and its
 * comparison with the clean run. One file per scenario, so vitest runs them on every core.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { createWorld, type DeliveryPolicy, SAMPLE_SPEC, type WorldOptions } from "../../src/sandbox/world.js";
import { type Outcome, outcomeOf } from "./world-outcome.js";

/**
 * Seeds per scenario. The issue asks for ≥ 20; one small-spec world run takes ~5.5 s (the real executor,
 * CI's real tests, git), vitest runs these files one after the other here (one worker on 2 cores), and
 * seeds run in turn: worlds run concurrently in one process failed with 401s from the sandbox (a token
 * of one world reaching another, not yet diagnosed). So the default keeps `test/reliability` near
 * 4 minutes (6 seeds took 4 min 29 s on 2 cores); `RELIABILITY_SEEDS=20` runs the count: all 101 runs
 * passed in 10 min 34 s.
 */
export const SEED_COUNT = Number(process.env.RELIABILITY_SEEDS ?? "5");
export const seeds = Array.from({ length: SEED_COUNT }, (_, i) => i + 1);
/** Per seed: a run under faults or restarts takes up to ~15 s when both cores are busy. */
export const RUN_TIMEOUT = 120_000;

/** Two phases of two modules, cut from the sample task (same solutions and tests). */
export function smallSpec(): string {
  const full = readFileSync(SAMPLE_SPEC, "utf8");
  return full
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
export async function cleanRun(): Promise<Outcome> {
  const clean = await runWorld(1);
  expect(clean.status).toBe("done");
  expect(clean.modules.every((m) => m.merged)).toBe(true);
  return clean;
}

/**
 * Checks a run against the clean one: same end (merged modules, final PR), nothing done twice (PRs,
 * dispatches, merges, comments, counted in the sandbox), no lost record update (every module merged in
 * the stored record, its outbox empty).
 */
export function expectSameAsClean(outcome: Outcome, clean: Outcome): void {
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
}
