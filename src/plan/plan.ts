import { z } from "zod";
import { AgentRoleName } from "../protocol/agent-role.js";
import { Item } from "../protocol/item.js";
import { TaskFileSource } from "./task-file/task-file.js";

/** A module of a phase: one branch, one PR, one executor at a time. */
export const Module = z.object({
  name: z.string().min(1),
  /** Branch-safe form of the name: `conductor/<issue>/p<phase>-<slug>`. */
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** Globs the module may change; empty means anywhere that is not protected. */
  paths: z.array(z.string().min(1)),
  /** The module's own `Test Command`, or else its phase's; null when neither names one. */
  test_command: z.string().min(1).nullable(),
  /** Free text of the `#### Module:` section: extra instructions for this module only. */
  instructions: z.string(),
  fixes: z.array(Item),
  /** The specialist role whose brief joins the executor's system prompt (docs/spec-format.md#roles). */
  role: AgentRoleName.optional(),
  /**
   * Names of the modules (of this phase or an earlier one) that must be merged before this one starts
   * (`Depends on:`, docs/spec-format.md#dependencies). Empty: it starts with its phase. Plans stored
   * before dependencies existed load with none.
   */
  depends_on: z.array(z.string().min(1)).default([]),
});
export type Module = z.infer<typeof Module>;

export const Phase = z.object({
  number: z.number().int().positive(),
  name: z.string().min(1),
  /** The phase's bullets: what every module of the phase works towards. */
  tasks: z.array(z.string().min(1)),
  modules: z.array(Module).min(1),
  test_command: z.string().min(1).nullable(),
  success_criteria: z.array(z.string().min(1)),
  gotchas: z.array(z.string().min(1)),
});
export type Phase = z.infer<typeof Phase>;

/** The plan of a task: phases in order, as written under `## Implementation Phases` (DESIGN §3). */
export const Plan = z.object({
  phases: z.array(Phase).min(1),
  /** Set when the plan was read from a task file (docs/spec-format.md#task-files); the spec format has none. */
  source: TaskFileSource.optional(),
});
export type Plan = z.infer<typeof Plan>;

/** What the planner may write: a plan without a `source` (only a task file gives a plan one). */
export const PlannerPlan = Plan.omit({ source: true });
export type PlannerPlan = z.infer<typeof PlannerPlan>;
