import type { Config } from "../config/schema.js";
import { prerequisites } from "../core/graph.js";
import type { Plan } from "../plan/plan.js";

/**
 * The task's wall time from module wall times, as the scheduler runs them (docs/task-graph.md): a module
 * starts when its phase starts (the previous phase's modules all merged), or, with `Depends on:`, when those
 * modules merged; one that waits for an overlapping module starts after it. The phase gate holds the next
 * phase until every module before it merged. `limits.max_parallel` is not modelled (docs/estimates.md#totals).
 */
export function criticalPath(plan: Plan, overlap: Config["limits"]["overlap"], wall: (name: string) => number): number {
  const needs = prerequisites(plan, overlap);
  const finish = new Map<string, number>();
  let phaseStart = 0;
  for (const phase of plan.phases) {
    let phaseEnd = phaseStart;
    for (const module of phase.modules) {
      const { declared, overlap: before } = needs.get(module.name) ?? { declared: [], overlap: [] };
      const after = (names: readonly string[]) => Math.max(0, ...names.map((n) => finish.get(n) ?? 0));
      // Plan order: dependencies and overlapping modules come earlier in the plan, so they are known here.
      const start = Math.max(declared.length > 0 ? after(declared) : phaseStart, after(before));
      const end = start + wall(module.name);
      finish.set(module.name, end);
      phaseEnd = Math.max(phaseEnd, end);
    }
    phaseStart = phaseEnd;
  }
  return phaseStart;
}
