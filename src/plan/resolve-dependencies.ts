import type { Located, RawPhase, RawSection } from "./raw-spec.js";

/** A module as a phase's `Modules:` line lists it, with the section that describes it, if any. */
export interface Listed {
  name: string;
  phase: RawPhase;
  line: number;
  section: RawSection | null;
}

type ErrorSink = (line: number, message: string) => void;

/**
 * Reads every module's `Depends on:` (docs/spec-format.md#dependencies) into the names it waits for, in
 * the order written, reporting on the line that names it: an unknown module, the module itself, a
 * module of a later phase (it could never be merged first: phases merge in order), a repeat, and each
 * cycle it finds (on the `Depends on:` line of the cycle's first module in plan order).
 */
export function resolveDependencies(
  listed: readonly Listed[],
  find: (name: string) => Listed | undefined,
  error: ErrorSink,
): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  const lines = new Map<string, number>();
  for (const module of listed) {
    const names: string[] = [];
    for (const dep of module.section?.dependsOn ?? []) {
      const target = find(dep.value);
      const problem = dependencyProblem(module, dep, target, names);
      if (problem !== null) error(dep.line, problem);
      else if (target !== undefined) names.push(target.name);
    }
    deps.set(module.name, names);
    const first = module.section?.dependsOn[0];
    if (first !== undefined) lines.set(module.name, first.line);
  }
  for (const cycle of findCycles(listed, deps)) {
    const path = [...cycle, cycle[0]].map((name) => `"${name}"`).join(" → ");
    error(lines.get(cycle[0] ?? "") ?? 1, `modules depend on each other in a cycle: ${path}`);
  }
  return deps;
}

function dependencyProblem(
  module: Listed,
  dep: Located<string>,
  target: Listed | undefined,
  seen: readonly string[],
): string | null {
  const who = `module "${module.name}"`;
  if (target === undefined) return `${who} depends on "${dep.value}", which no phase lists`;
  if (target === module) return `${who} depends on itself`;
  const phase = Number(module.phase.number);
  const theirs = Number(target.phase.number);
  if (theirs > phase) {
    return `${who} of phase ${phase} depends on "${target.name}" of phase ${theirs}: a module may depend only on modules of its own phase or an earlier one`;
  }
  if (seen.includes(target.name)) return `${who} names "${target.name}" twice in "Depends on:"`;
  return null;
}

/** Each cycle once, rotated to start at its first module in plan order (so the report is stable). */
function findCycles(listed: readonly Listed[], deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map(listed.map((module, index) => [module.name, index]));
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const at = stack.indexOf(name);
    if (at >= 0) {
      const cycle = stack.slice(at);
      const start = cycle.reduce(
        (best, n, i) => ((order.get(n) ?? 0) < (order.get(cycle[best] ?? "") ?? 0) ? i : best),
        0,
      );
      const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
      const id = [...rotated].sort().join("\u0000");
      if (!seen.has(id)) {
        seen.add(id);
        cycles.push(rotated);
      }
      return;
    }
    stack.push(name);
    for (const dep of deps.get(name) ?? []) visit(dep);
    stack.pop();
    done.add(name);
  };
  for (const module of listed) visit(module.name);
  return cycles;
}
