import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { currentPhase } from "../../src/core/advance.js";
import type { Effect } from "../../src/core/effects.js";
import { prerequisitesOf, unmergedPrerequisites } from "../../src/core/graph.js";
import { TaskRecord } from "../../src/core/record.js";
import type { Delivery, Driver } from "./driver.js";
import { randomDriver, randomStep, Tape } from "./model.js";

/**
 * Invariants of DESIGN §1–§2 over random event streams: a random plan and configuration, an executor,
 * CI and merge API that answer at random, events delivered out of order, replayed under their id,
 * copied under new ids, time passing, and maintainers commanding at random.
 */

const RUNS = Number(process.env.CORE_PROPERTY_RUNS ?? 200);
const FRESH = Math.ceil(RUNS / 2);
const STEPS = 300;
const tapeArb = fc.array(fc.nat({ max: 0xffff }), { minLength: 50, maxLength: 3000 });

const ofType = <T extends Effect["type"]>(effects: Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

/** What the invariants remember across one run. */
type Memory = { abortedGeneration: number | null; episodes: Set<number>; ids: Set<string> };

/** Fails the property with the rule's name; plain `if`s keep the hot loop fast. */
function ensure(condition: boolean, rule: string, detail?: unknown): asserts condition {
  if (!condition) throw new Error(`${rule}${detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`);
}

/** Checks every invariant on one delivery; throws with the failing rule's name. */
function check(delivery: Delivery, memory: Memory): void {
  const { before, after, effects } = delivery;
  if (after === null) {
    ensure(
      effects.every((e) => e.type === "Comment"),
      "a refused start decided more than a reply",
      effects,
    );
    return;
  }
  // Every record the core produces parses with its schema.
  const parsed = TaskRecord.safeParse(after);
  ensure(parsed.success, "record does not parse", parsed.error?.issues);

  // No Merge unless the module's latest gate is green for exactly that head SHA.
  for (const merge of ofType(effects, "Merge")) {
    const m = after.modules.find((x) => x.key === merge.module);
    ensure(
      m?.gate?.status === "green" && m.gate.head_sha === merge.sha,
      "merge without a green gate for its SHA",
      m?.gate,
    );
    ensure(m.head_sha === merge.sha, "merge of a SHA that is not the head");
  }

  for (const m of after.modules) {
    // At most one running attempt per module.
    ensure(m.attempts.filter((a) => a.state === "running").length <= 1, `two running attempts of ${m.key}`);
    // Charged attempts never exceed retries.max_attempts (within one budget window, see Attempt.window).
    const windows = new Map<number, number>();
    for (const a of m.attempts) if (a.charged) windows.set(a.window, (windows.get(a.window) ?? 0) + 1);
    for (const [window, charged] of windows) {
      ensure(charged <= after.config.retries.max_attempts, `${m.key} window ${window} over max_attempts`, charged);
    }
  }

  // A module opens only once its prerequisites merged (graph.ts); one that declares none waits for the
  // checkpoints of every earlier phase. Phases stay the merge units: nothing merges ahead of its phase.
  for (const open of ofType(effects, "OpenPullRequest")) {
    const m = after.modules.find((x) => x.key === open.module);
    if (!m) continue;
    const waiting = unmergedPrerequisites(after, m);
    ensure(waiting.length === 0, `${m.key} opened before ${waiting.join(", ")} merged`);
    if (prerequisitesOf(after, m).declared.length > 0) continue;
    for (const phase of after.plan?.phases ?? []) {
      if (phase.number >= m.phase) continue;
      ensure(
        after.checkpoints.some((c) => c.phase === phase.number),
        `${m.key} opened before checkpoint ${phase.number}`,
      );
    }
  }
  for (const merge of ofType(effects, "Merge")) {
    const m = after.modules.find((x) => x.key === merge.module);
    const phase = currentPhase(after);
    ensure(m !== undefined && m.phase === phase, `${merge.module} merged outside its phase`, phase);
  }

  // One escalation per blocked episode: only when none is open, each episode once.
  const escalations = ofType(effects, "Escalate");
  ensure(escalations.length <= 1, "two escalations in one transition");
  for (const escalation of escalations) {
    ensure(!(before?.escalation.open ?? false), "escalated while an episode was open");
    ensure(!memory.episodes.has(escalation.episode), "episode escalated twice", escalation.episode);
    memory.episodes.add(escalation.episode);
    ensure(after.escalation.open && after.escalation.episode === escalation.episode, "escalation not recorded");
  }

  // No Dispatch or Merge after /abort, and none left waiting in the outbox.
  const work = effects.filter((e) => e.type === "Dispatch" || e.type === "Merge");
  if (memory.abortedGeneration === after.generation) ensure(work.length === 0, "dispatch or merge after abort", work);
  if (after.status === "aborted") {
    memory.abortedGeneration = after.generation;
    ensure(
      !after.outbox.some((e) => e.type === "Dispatch" || e.type === "Merge"),
      "work left in the outbox after abort",
    );
  }

  // Effect ids are unique among those the run decided.
  for (const effect of effects) {
    ensure(!memory.ids.has(effect.id), "an effect id was decided twice", effect.id);
    memory.ids.add(effect.id);
  }
}

function runWorld(values: number[]): Driver {
  const tape = new Tape(values);
  const d = randomDriver(tape);
  const memory: Memory = { abortedGeneration: null, episodes: new Set(), ids: new Set() };
  check(d.label(), memory);
  for (let i = 0; i < STEPS; i++) {
    const step = randomStep(d, tape);
    if (step.kind === "idle") continue;
    if (step.kind === "replay") {
      // A replayed event (same id) adds no effects and leaves the record as it was.
      ensure(step.delivery.effects.length === 0, `replay of ${step.delivery.event.type} decided effects`);
      ensure(step.delivery.after === step.record, `replay of ${step.delivery.event.type} changed the record`);
      continue;
    }
    check(step.delivery, memory);
  }
  calmDown(d, memory);
  return d;
}

/**
 * After the storm: humans stop acting, events arrive in order, time passes. The task must come to
 * rest somewhere a human can see why — finished, blocked (escalated), rolled back, paused, waiting for
 * plan approval or a fixed spec, or a module waiting for `/retry` or a review with its reason shown —
 * never silently stuck while "running".
 */
function calmDown(d: Driver, memory: Memory): void {
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < 500 && d.queue.length > 0; i++) {
      const delivery = d.deliverAt(0);
      if (delivery) check(delivery, memory);
    }
    check(d.tick(60), memory);
    if (d.queue.length === 0 && round > 4) break;
  }
  const r = d.record;
  if (!r) return;
  if (["done", "aborted", "blocked", "rolled_back", "paused", "awaiting_approval"].includes(r.status)) return;
  if (r.status === "planning") {
    ensure(r.plan_errors.length > 0, "stuck planning without errors");
    return;
  }
  const phase = currentPhase(r);
  const waitsForHuman = (state: string) =>
    state === "failed" || state === "rolled_back" || (state === "green" && r.config.gates.review === "required");
  const waiting = r.modules.filter((m) => m.phase === phase && waitsForHuman(m.state));
  ensure(waiting.length > 0, "running but nothing moves and nobody is told", {
    status: r.status,
    modules: r.modules.map((m) => [m.key, m.state, m.reason]),
  });
}

describe("properties over random event streams", () => {
  /**
   * Coverage is asserted over worlds drawn from this fixed seed, so an unlucky draw cannot fail the
   * suite (a fresh 200 reached every effect but UpdateBranch about once in 30 runs); the invariants are
   * also checked over fresh worlds each run, which is where new counterexamples come from.
   */
  const COVERAGE_SEED = 20261206;

  test(`invariants hold (${RUNS} runs of up to ${STEPS} steps from a fixed seed, ${FRESH} fresh)`, () => {
    const reached = new Set<string>();
    const endOnFailure = process.env.CORE_PROPERTY_NO_SHRINK === "1";
    fc.assert(
      fc.property(tapeArb, (values) => {
        const d = runWorld(values);
        for (const h of d.history) for (const e of h.effects) reached.add(e.type);
        if (d.record) reached.add(`status:${d.record.status}`);
      }),
      { numRuns: RUNS, seed: COVERAGE_SEED, endOnFailure },
    );
    fc.assert(
      fc.property(tapeArb, (values) => {
        runWorld(values);
      }),
      { numRuns: FRESH, endOnFailure },
    );
    // The seeded worlds must reach every part of the lifecycle, or the invariants prove little.
    if (RUNS < 100) return;
    for (const expected of [
      "Merge",
      "Escalate",
      "UpdateBranch",
      "ResetBranch",
      "CancelRun",
      "ClosePullRequest",
      "RecordCheckpoint",
      "OpenFinalPullRequest",
      "status:done",
      "status:blocked",
      "status:aborted",
    ]) {
      expect(reached, expected).toContain(expected);
    }
  }, 600_000);

  test("any delivery order of a well-behaved world ends done, every module merged once", () => {
    fc.assert(
      fc.property(tapeArb, (values) => {
        const tape = new Tape(values);
        const d = randomDriver(tape);
        d.script.result = () => "done";
        d.script.checks = () => "pass";
        d.script.verify = () => [];
        d.script.merge = () => "merged";
        d.script.usd = () => 0.01;
        d.script.review = () => "approve";
        d.label();
        if (d.record?.status === "awaiting_approval" || d.config.plan.approval === "required") {
          d.settle(1);
          d.command({ name: "approve-plan" });
        }
        for (let i = 0; i < 2000 && d.queue.length > 0; i++) {
          d.deliverAt(tape.next(d.queue.length));
          if (tape.next(5) === 0 && d.history.length > 0) {
            const old = d.history[tape.next(d.history.length)];
            if (old) d.deliver({ ...old.event, id: `copy:${i}` });
          }
          if (d.config.gates.review === "required") {
            for (const m of d.record?.modules ?? []) {
              if (m.state === "green" && m.head_sha && m.approved_sha !== m.head_sha) {
                d.deliver({
                  type: "ReviewSubmitted",
                  role: "write",
                  id: `rv:${i}:${m.key}`,
                  module: m.key,
                  head_sha: m.head_sha,
                  state: "approved",
                  reviewer: "bo",
                });
              }
            }
          }
        }
        expect(d.record?.status).toBe("done");
        const merges = d.effects("Merge").map((e) => e.module);
        expect(new Set(merges).size).toBe(merges.length);
        expect(merges.length).toBe(d.plan.phases.reduce((n, p) => n + p.modules.length, 0));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, 600_000);
});
