import type { Config } from "../config/schema.js";
import { findOverlaps } from "../plan/overlaps.js";
import type { Plan } from "../plan/plan.js";
import type { ModuleRecord, TaskRecord } from "./record.js";

/**
 * What a module waits for before it starts (docs/spec-format.md#dependencies): the modules it names in
 * `Depends on:`, and with `limits.overlap: sequential` the modules before it in its phase whose `Paths`
 * overlap its own (docs/spec-format.md#overlapping-paths), so the second starts from the first's merge
 * instead of colliding with it.
 */
export interface Prerequisites {
  declared: string[];
  overlap: string[];
}

const NONE: Prerequisites = { declared: [], overlap: [] };

// The plan is fixed for a generation and `advance` runs on every event: the overlap search (a glob
// intersection per pair of paths) is done once per plan text and mode.
const cache = new Map<string, Map<string, Prerequisites>>();
const CACHE_LIMIT = 64;

/** Every module's prerequisites, by module name. */
export function prerequisites(plan: Plan, overlap: Config["limits"]["overlap"]): Map<string, Prerequisites> {
  const key = `${overlap}\u0000${JSON.stringify(plan)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const result = new Map<string, Prerequisites>();
  for (const phase of plan.phases) {
    for (const module of phase.modules) result.set(module.name, { declared: [...module.depends_on], overlap: [] });
  }
  if (overlap === "sequential") {
    for (const pair of findOverlaps(plan)) {
      const entry = result.get(pair.second);
      if (entry && !entry.declared.includes(pair.first)) entry.overlap.push(pair.first);
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

/** The prerequisites of one module of the task. */
export function prerequisitesOf(r: TaskRecord, m: ModuleRecord): Prerequisites {
  if (!r.plan) return NONE;
  return prerequisites(r.plan, r.config.limits.overlap).get(m.name) ?? NONE;
}

/** The names of the prerequisites of `m` that have not merged yet, in the order they were named. */
export function unmergedPrerequisites(r: TaskRecord, m: ModuleRecord): string[] {
  const { declared, overlap } = prerequisitesOf(r, m);
  const merged = new Set(r.modules.filter((x) => x.state === "merged").map((x) => x.name));
  return [...declared, ...overlap].filter((name) => !merged.has(name));
}

/**
 * Where a pending module starts from, or null while it must wait. A module without declared dependencies
 * starts with its phase (the phase base), or, when it waits for an overlapping module, from the
 * integration head once that module merged. A module with declared dependencies starts as soon as they
 * are all merged, from the integration head, even before its phase does; it merges only once its phase
 * is current, so phases stay the checkpoint and rollback units (DESIGN §1.8).
 */
export function startPoint(
  r: TaskRecord,
  m: ModuleRecord,
  phase: number,
  base: { sha: string } | { branch: string },
): { sha: string } | { branch: string } | null {
  if (unmergedPrerequisites(r, m).length > 0) return null;
  const { declared, overlap } = prerequisitesOf(r, m);
  if (declared.length === 0 && m.phase !== phase) return null;
  if (declared.length === 0 && overlap.length === 0) return base;
  return r.integration_head ? { sha: r.integration_head } : base;
}
