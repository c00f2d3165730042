import type { Module, Phase } from "../plan/plan.js";

/** What the priors read from a module's brief (docs/estimates.md#priors). */
export interface ModuleSize {
  /** Work items: the module's `Fixes`, or else its phase's bullets; at least 1. */
  units: number;
  /** `Paths` narrows where it may write (less to explore). */
  narrow: boolean;
  /** A test command runs after every attempt (the harness's, and the model's own runs). */
  tested: boolean;
  role: string | null;
}

/** The size of `module` of `phase`, from its brief alone. */
export function moduleSize(phase: Phase, module: Module): ModuleSize {
  const units = module.fixes.length > 0 ? module.fixes.length : Math.max(1, phase.tasks.length);
  return {
    units,
    narrow: module.paths.length > 0,
    tested: (module.test_command ?? phase.test_command) !== null,
    role: module.role ?? null,
  };
}
