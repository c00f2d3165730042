import { z } from "zod";

/** An annotation a failed check left on a line (check-run annotations or verify findings). */
export const Annotation = z.object({
  path: z.string(),
  line: z.number().int().nonnegative().optional(),
  level: z.enum(["notice", "warning", "failure"]),
  message: z.string(),
});
export type Annotation = z.infer<typeof Annotation>;

/** A check that did not pass on the attempt's head SHA. */
export const FailedCheck = z.object({
  name: z.string(),
  conclusion: z.string(),
  summary: z.string(),
  annotations: z.array(Annotation),
  url: z.string().optional(),
});
export type FailedCheck = z.infer<typeof FailedCheck>;

/** The rules of `conductor/verify` (DESIGN §6). */
export const VerifyRule = z.enum([
  "empty_diff",
  "unchanged_file_claimed",
  "outside_paths",
  "protected_path",
  "placeholder",
  "test_removed",
  "test_skipped",
  "test_focused",
  "test_exit",
  "test_script_changed",
  "test_excluded",
  "test_command_changed",
  "harness_failed",
  "hallucination_check_missing",
  "reverify_mismatch",
  "reverify_missing",
  "secret",
]);
export type VerifyRule = z.infer<typeof VerifyRule>;

export const VerifyFinding = z.object({
  rule: VerifyRule,
  /** `critical` findings (secrets, protected paths) escalate at once instead of retrying. */
  critical: z.boolean(),
  path: z.string().optional(),
  line: z.number().int().positive().optional(),
  message: z.string(),
});
export type VerifyFinding = z.infer<typeof VerifyFinding>;

/** What went wrong in an earlier attempt, handed to the next one. */
export const Feedback = z.object({
  attempt: z.number().int().positive(),
  /** One line a human can read: "checks failed: test, lint", "resolve the merge conflict with …". */
  reason: z.string(),
  failed_checks: z.array(FailedCheck),
  verify_findings: z.array(VerifyFinding),
  log_tail: z.string(),
  /** The maintainer's `/retry` note (≤ 2 KB), if any. */
  note: z.string().max(2048).optional(),
});
export type Feedback = z.infer<typeof Feedback>;
