/**
 * Holding back record writes that guard nothing (src/github/reconcile/held-writes.ts,
 * docs/architecture.md#held-writes): they were most of the app's requests, and GitHub's secondary rate
 * limits ration writes. The task ends exactly as when every step is written, with far fewer writes of the
 * record, and a graceful shutdown writes what is held.
 */
import { expect, test } from "vitest";
import { createWorld, type World } from "../../sandbox/world.js";
import { STATE_BRANCH, taskPath } from "../../src/github/store/store.js";
import { expectSameAsClean, smallSpec } from "../reliability/scenario.js";
import { type Outcome, outcomeOf, storedRecord } from "../reliability/world-outcome.js";

/** How many versions of the task's record were written. */
async function recordWrites(world: World): Promise<number> {
  const count = await world.sandbox.git(["rev-list", "--count", STATE_BRANCH, "--", taskPath(world.issue ?? 0)]);
  return Number(count.trim());
}

async function finish(holdWrites: boolean): Promise<{ outcome: Outcome; writes: number }> {
  const world = await createWorld({ spec: smallSpec(), seed: 2, deps: { holdWrites } });
  try {
    await world.openTask();
    await world.run();
    return { outcome: await outcomeOf(world), writes: await recordWrites(world) };
  } finally {
    await world.close();
  }
}

test("held writes: the same end as writing every step, with fewer writes of the record", async () => {
  const every = await finish(false);
  const held = await finish(true);
  expect(every.outcome.status).toBe("done");
  expectSameAsClean(held.outcome, every.outcome, expect);
  expect(held.writes).toBeLessThan(every.writes * 0.75);
}, 120_000);

test("a flush writes what a running task holds; the stored record then shows it", async () => {
  const world = await createWorld({ spec: smallSpec(), seed: 2 });
  /** Heads GitHub shows a conductor/verify run for whose result the stored record does not have yet. */
  const verifiedUnwritten = async (w: World): Promise<string[]> => {
    const stored = await storedRecord(w);
    const known = new Set(stored?.modules.flatMap((m) => m.attempts.map((a) => a.result?.head_sha)) ?? []);
    return Object.values(w.sandbox.state().checkRuns)
      .filter((run) => run.name === "conductor/verify" && !known.has(run.head_sha))
      .map((run) => run.head_sha);
  };
  try {
    await world.openTask();
    // A result leads to conductor/verify, which is performed before it is written (a second run on a SHA
    // says the same); until the task's next write, the result and the verdict live in memory only.
    const outcome = await world.run({ until: async (w) => (await verifiedUnwritten(w)).length > 0 });
    expect(outcome.reason).toBe("until");
    world.app.conductor.flush();
    expect(await world.app.conductor.idle()).toEqual([]);
    expect(await verifiedUnwritten(world)).toEqual([]);
    const stored = await storedRecord(world);
    expect(stored?.modules.some((m) => m.heads.some((h) => h.verify !== null))).toBe(true);
  } finally {
    await world.close();
  }
}, 120_000);
