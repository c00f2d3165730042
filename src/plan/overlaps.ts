import { globIntersection } from "./glob-intersection.js";
import type { Module, Plan } from "./plan.js";

/**
 * Two modules of one phase that may change the same files (docs/spec-format.md#overlapping-paths):
 * `path` is a path both modules' `Paths` match, or null when neither names any (both may change anything).
 * `first` comes before `second` in plan order.
 */
export interface Overlap {
  phase: number;
  first: string;
  second: string;
  path: string | null;
}

/**
 * Every overlapping pair of modules within a phase, in plan order. A module without `Paths` overlaps only
 * another without: one that names its paths has said where it works, and an unrestricted module beside
 * it is the plan's stated intent (the rule: "a picomatch intersection, or both unrestricted").
 */
export function findOverlaps(plan: Plan): Overlap[] {
  const found: Overlap[] = [];
  for (const phase of plan.phases) {
    phase.modules.forEach((first, i) => {
      for (const second of phase.modules.slice(i + 1)) {
        const path = sharedPath(first, second);
        if (path !== undefined) found.push({ phase: phase.number, first: first.name, second: second.name, path });
      }
    });
  }
  return found;
}

/** A path both may change, null for "anything" (both unrestricted), undefined when they are apart. */
function sharedPath(a: Module, b: Module): string | null | undefined {
  if (a.paths.length === 0 || b.paths.length === 0) return a.paths.length === b.paths.length ? null : undefined;
  for (const left of a.paths) {
    for (const right of b.paths) {
      const path = globIntersection(left, right);
      if (path !== null) return path;
    }
  }
  return undefined;
}

/** How an overlap reads in `conductor plan` and the dashboard. */
export function describeOverlap(overlap: Overlap): string {
  const where = overlap.path === null ? "neither names its Paths" : `both may change \`${overlap.path}\``;
  return `modules "${overlap.first}" and "${overlap.second}" of phase ${overlap.phase} overlap (${where})`;
}
