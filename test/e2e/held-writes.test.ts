/**
 * Holding back record writes that guard nothing (src/github/reconcile.ts, issue #6): the task ends exactly
 * as when every step is written, with far fewer writes of the record, and a graceful shutdown writes what
 * is held.
 */
import { expect, test } from "vitest";
import { STATE_BRANCH, taskPath } from "../../src/github/store.js";
import { createWorld, type World } from "../../src/sandbox/world.js";
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
  /** Module PRs GitHub has merged that the stored record does not show as merged. */
  const mergedUnwritten = async (w: World): Promise<string[]> => {
    const stored = await storedRecord(w);
    const merged = Object.values(w.sandbox.state().pulls).filter((p) => p.merged && !p.head.endsWith("/integration"));
    return merged
      .map((p) => stored?.modules.find((m) => m.pr === p.number))
      .filter((m) => m !== undefined && m.state !== "merged")
      .map((m) => m?.key ?? "");
  };
  try {
    await world.openTask();
    // A merge is performed before it is written (GitHub keeps it from happening twice), and its outcome
    // only marks it done: both wait in memory for the task's next write.
    const outcome = await world.run({ until: async (w) => (await mergedUnwritten(w)).length > 0 });
    expect(outcome.reason).toBe("until");
    const held = await mergedUnwritten(world);
    world.app.conductor.flush();
    expect(await world.app.conductor.idle()).toEqual([]);
    const after = await storedRecord(world);
    for (const key of held) expect(after?.modules.find((m) => m.key === key)?.state).toBe("merged");
    expect(await mergedUnwritten(world)).toEqual([]);
  } finally {
    await world.close();
  }
}, 120_000);
