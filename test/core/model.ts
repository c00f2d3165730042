import type { ConfigInput } from "../../src/config/schema.js";
import type { Event } from "../../src/core/events.js";
import type { Plan } from "../../src/plan/plan.js";
import type { VerifyFinding } from "../../src/protocol/feedback.js";
import { type Delivery, Driver, makePlan, type Script } from "./driver.js";

/**
 * A random world for property tests: the choices come from a tape of numbers that fast-check generates
 * and shrinks. When the tape runs out every choice is 0, which means "deliver the oldest event", so a
 * shrunk tape still ends in a calm, ordered run.
 */
export class Tape {
  private index = 0;
  constructor(private readonly values: readonly number[]) {}

  /** A number in [0, n). */
  next(n: number): number {
    const value = this.values[this.index++] ?? 0;
    return n <= 1 ? 0 : value % n;
  }

  /** Picks by weight: `pick([["a", 3], ["b", 1]])` is "a" three times in four. */
  pick<T>(options: readonly (readonly [T, number])[]): T {
    const total = options.reduce((n, [, w]) => n + w, 0);
    let roll = this.next(total);
    for (const [value, weight] of options) {
      if (roll < weight) return value;
      roll -= weight;
    }
    const first = options[0];
    if (!first) throw new Error("no options");
    return first[0];
  }
}

const finding = (critical: boolean): VerifyFinding => ({
  rule: critical ? "secret" : "placeholder",
  critical,
  path: "src/a.ts",
  line: 1,
  message: critical ? "looks like a key" : "TODO added",
});

/** An executor, CI and merge API that answer at random (mostly well). */
export function randomScript(tape: Tape): Script {
  return {
    result: () =>
      tape.pick([
        ["done", 14],
        ["incomplete", 2],
        ["error", 1],
        ["none", 3],
      ] as const),
    review: () =>
      tape.pick([
        ["approve", 12],
        ["request_changes", 4],
        ["none", 1],
      ] as const),
    checks: () =>
      tape.pick([
        ["pass", 14],
        ["fail", 4],
        ["none", 1],
        ["pending", 1],
      ] as const),
    verify: () =>
      tape
        .pick([
          [[], 30],
          [[finding(false)], 3],
          [[finding(true)], 1],
        ] as const)
        .slice(),
    merge: () =>
      tape.pick([
        ["merged", 15],
        ["not_mergeable", 2],
        ["conflict", 2],
        ["head_moved", 1],
        ["blocked", 1],
      ] as const),
    update: () =>
      tape.pick([
        ["updated", 4],
        ["conflict", 1],
      ] as const),
    usd: () => tape.next(150) / 100,
  };
}

/** A random but valid configuration. */
export function randomConfig(tape: Tape): ConfigInput {
  return {
    integration: tape.next(4) !== 0,
    limits: {
      max_parallel: 1 + tape.next(3),
      task_usd: 3 + tape.next(30),
      overlap: tape.next(3) === 0 ? "parallel" : "sequential",
    },
    retries: {
      max_attempts: 1 + tape.next(4),
      same_failure_limit: 1 + tape.next(3),
      backoff_minutes: tape
        .pick([
          [[1, 5, 15], 2],
          [[0], 1],
          [[2, 3], 1],
        ] as const)
        .slice(),
    },
    circuit_breaker: { failures: 2 + tape.next(8), window_minutes: 10 + tape.next(120) },
    gates: {
      review: tape.next(5) === 0 ? "required" : "none",
      allow_no_checks: tape.next(3) === 0,
      ai_review: (["off", "off", "required", "advisory"] as const)[tape.next(4)] ?? "off",
    },
    plan: { approval: tape.next(5) === 0 ? "required" : "auto" },
    escalation: { mention: ["@oncall"] },
  };
}

/**
 * A random task graph over a plan: some modules depend on a module before them in plan order (their
 * phase or an earlier one, never a cycle), and some share the paths of the module before them in
 * their phase (an overlap, docs/spec-format.md#overlapping-paths).
 */
export function randomGraph(plan: Plan, tape: Tape): Plan {
  const names: string[] = [];
  return {
    phases: plan.phases.map((phase) => ({
      ...phase,
      modules: phase.modules.map((module, index) => {
        const before = [...names];
        names.push(module.name);
        const previous = phase.modules[index - 1];
        const depends = before.length > 0 && tape.next(3) === 0 ? [before[tape.next(before.length)] ?? ""] : [];
        const shares = previous !== undefined && tape.next(4) === 0;
        return { ...module, depends_on: depends, paths: shares ? previous.paths : module.paths };
      }),
    })),
  };
}

/** A driver over a random plan (1–3 phases of 1–3 modules, with dependencies and overlaps) and configuration. */
export function randomDriver(tape: Tape): Driver {
  const shape = Array.from({ length: 1 + tape.next(3) }, () => 1 + tape.next(3));
  const plan = randomGraph(makePlan(shape), tape);
  return new Driver({ plan, config: randomConfig(tape), script: randomScript(tape) });
}

/** What one step of the random world did. */
export type Step =
  | { kind: "deliver"; delivery: Delivery }
  | { kind: "replay"; delivery: Delivery; record: Delivery["after"] }
  | { kind: "idle" };

/** A maintainer doing something at random. */
function human(d: Driver, tape: Tape): Delivery {
  const modules = d.record?.modules ?? [];
  const m = modules[tape.next(modules.length)];
  const phases = d.plan.phases.length;
  const choice = tape.pick([
    ["retry-task", 4],
    ["retry-module", 4],
    ["rollback-module", 1],
    ["rollback-phase", 1],
    ["abort", 1],
    ["unlabel", 1],
    ["label", 2],
    ["approve", 2],
    ["review", 3],
    ["status", 1],
    ["human-push", 1],
  ] as const);
  switch (choice) {
    case "retry-task":
      return d.command({ name: "retry", note: tape.next(2) ? "try harder" : null });
    case "retry-module":
      return d.command({ name: "retry", note: null }, m ? d.onPull(m.key) : { kind: "issue" });
    case "rollback-module":
      return d.command({ name: "rollback", phase: null }, m ? d.onPull(m.key) : { kind: "issue" });
    case "rollback-phase":
      return d.command({ name: "rollback", phase: tape.next(2) ? 1 + tape.next(phases) : null });
    case "abort":
      // Rare on purpose: an aborted task stops exercising everything else.
      return tape.next(4) === 0 ? d.command({ name: "abort", reason: null }) : d.tick(1);
    case "unlabel":
      return d.deliver({ type: "LabelRemoved", id: `unlabel:${d.sha()}`, sender: "maria" });
    case "label":
      return d.label(
        tape.pick([
          ["admin", 3],
          ["read", 1],
        ] as const),
      );
    case "approve":
      return d.command({ name: "approve-plan" });
    case "review": {
      const head = m?.head_sha;
      if (!m || !head) return d.tick(1);
      return d.deliver({
        type: "ReviewSubmitted",
        role: "write",
        id: `review:${d.sha()}`,
        module: m.key,
        head_sha: head,
        state: "approved",
        reviewer: "bo",
      });
    }
    case "status":
      return d.command({ name: "status" }, { kind: "issue" }, "read");
    case "human-push":
      if (!m) return d.tick(1);
      return d.deliver({
        type: "PullSynchronized",
        id: `push:${d.sha()}`,
        module: m.key,
        head_sha: d.sha(),
        by_app: false,
      });
  }
}

/**
 * One random step: deliver a queued event out of order, replay an old delivery (same id), deliver a
 * copy of an old fact under a new id, let time pass, or let a human act.
 */
export function randomStep(d: Driver, tape: Tape): Step {
  const action = tape.pick([
    ["oldest", 6],
    ["any", 10],
    ["replay", 2],
    ["copy", 2],
    ["tick", 3],
    ["human", 2],
  ] as const);
  if ((action === "oldest" || action === "any") && d.queue.length > 0) {
    const delivery = d.deliverAt(action === "oldest" ? 0 : tape.next(d.queue.length));
    return delivery ? { kind: "deliver", delivery } : { kind: "idle" };
  }
  if (action === "replay" && d.history.length > 0) {
    const old = d.history[tape.next(d.history.length)];
    if (!old) return { kind: "idle" };
    const record = d.record;
    return { kind: "replay", delivery: d.deliver(old.event), record };
  }
  if (action === "copy" && d.history.length > 0) {
    const old = d.history[tape.next(d.history.length)];
    if (!old) return { kind: "idle" };
    const copy: Event = { ...old.event, id: `copy:${d.sha()}` };
    return { kind: "deliver", delivery: d.deliver(copy) };
  }
  if (action === "human" && d.record) return { kind: "deliver", delivery: human(d, tape) };
  return { kind: "deliver", delivery: d.tick(1 + tape.next(40)) };
}
