import { z } from "zod";

/**
 * One thing the doctor found (docs/doctor.md): how bad it is, where (file and line, when it is about a
 * file), what is wrong and what to change. `error` means a task would fail or wait for nothing; `warning`
 * means it would run, but not as the maintainer probably expects; `ok` and `info` say what was checked.
 */
export const Finding = z.object({
  severity: z.enum(["error", "warning", "ok", "info"]),
  file: z.string().nullable(),
  line: z.number().int().positive().nullable(),
  message: z.string(),
  /** What to change; null when nothing needs to. */
  fix: z.string().nullable(),
});
export type Finding = z.infer<typeof Finding>;

/** A finding about a place in a file. */
export const at = (
  severity: Finding["severity"],
  file: string | null,
  line: number | null,
  message: string,
  fix: string | null = null,
): Finding => ({ severity, file, line, message, fix });

/** Whether any finding is an error (the doctor's exit code, the dashboard's warning). */
export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === "error");
