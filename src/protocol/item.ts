import { z } from "zod";

/** How bad a finding is; `critical` items are done first and reported loudest. */
export const Severity = z.enum(["critical", "major", "minor"]);
export type Severity = z.infer<typeof Severity>;

/**
 * One unit of work in a brief: the task-file fields of the orchestrator/executor protocol.
 * Spec `Fixes:` lines become items; so does a module's general work (id `work`).
 */
export const Item = z.object({
  /** Stable within a module: `work` for the module's own tasks, `fix-1`, `fix-2`, … for its fixes. */
  id: z.string().min(1),
  severity: Severity,
  file: z.string().min(1).optional(),
  line: z.number().int().positive().optional(),
  /** What is wrong or missing. */
  issue: z.string().min(1),
  /** What to do about it. */
  fix: z.string(),
  /** A shell command whose exit code 0 shows the item is done; empty when none was given. */
  verification: z.string(),
});
export type Item = z.infer<typeof Item>;
