import { z } from "zod";
import { Severity } from "../../protocol/item.js";
import { ItemStatus } from "../../protocol/result.js";

/**
 * One fix of a task file, in the orchestrator/executor protocol's own words (docs/spec-format.md#task-files).
 * `component` is this protocol's one addition: a fix may name its own component, so one file can carry
 * work for several modules.
 */
export const TaskFix = z.object({
  id: z.string().min(1),
  severity: Severity,
  file: z.string().min(1).optional(),
  line: z.number().int().positive().nullish(),
  issue: z.string().min(1),
  fix: z.string().default(""),
  verification: z.string().default(""),
  component: z.string().min(1).optional(),
});
export type TaskFix = z.infer<typeof TaskFix>;

/**
 * A task file: `{review_id, component, date, assigned_to, instructions, fixes}`. Unknown keys are allowed
 * and kept: the incoming file is the same file with a `result` node per fix, so nothing the author wrote
 * is lost on the way back.
 */
export const TaskFile = z.object({
  review_id: z.string().min(1),
  component: z.string().min(1),
  date: z.string().optional(),
  assigned_to: z.string().optional(),
  instructions: z.string().default(""),
  fixes: z.array(TaskFix).min(1),
});
export type TaskFile = z.infer<typeof TaskFile>;

/** The `result` node the executor's answer adds to each fix of the incoming file, in exactly this shape. */
export const FixResult = z.object({
  status: ItemStatus,
  changes_made: z.array(z.string()),
  problems_encountered: z.array(z.string()),
  solution: z.string(),
  verification_command: z.string(),
  hallucination_check: z.string(),
});
export type FixResult = z.infer<typeof FixResult>;

/**
 * Where a plan came from when it came from a task file; kept in the plan (and so in the task record) so the
 * final PR can write the incoming file and a follow-up can name the review it follows.
 */
export const TaskFileSource = z.object({
  kind: z.literal("task_file"),
  review_id: z.string().min(1),
  /** The file's own `component` (module names may be files, with `plan.task_file_modules: file`). */
  component: z.string().min(1),
  /** `orchestrator/outgoing/NNN_*.json` when the file was pushed; null when pasted into an issue. */
  path: z.string().min(1).nullable(),
  /** The `review_id` of the task file this one follows (`NNN-1`), when known. */
  follows: z.string().min(1).nullable(),
  /** The file exactly as given: the incoming file is this text with a `result` node per fix. */
  text: z.string().min(1),
});
export type TaskFileSource = z.infer<typeof TaskFileSource>;
