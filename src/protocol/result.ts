import { z } from "zod";

export const RESULT_VERSION = 1;

export const ItemStatus = z.enum(["FIXED", "NO_CHANGE_NEEDED", "ALREADY_IMPLEMENTED", "PARTIALLY_FIXED", "FAILED"]);
export type ItemStatus = z.infer<typeof ItemStatus>;

/** What the harness (never the model) saw when it ran a command after the model finished. */
export const CommandRun = z.object({
  command: z.string(),
  exit_code: z.number().int(),
  /** The last lines of combined stdout/stderr, secrets redacted. */
  output_tail: z.string(),
  timed_out: z.boolean(),
});
export type CommandRun = z.infer<typeof CommandRun>;

export const Change = z.object({ file: z.string().min(1), change: z.string() });
export type Change = z.infer<typeof Change>;

/** The model's account of one brief item, plus the harness's runs of its commands. */
export const ItemResult = z.object({
  id: z.string().min(1),
  status: ItemStatus,
  changes_made: z.array(Change),
  /** What got in the way, one entry each (docs/spec-format.md#task-files); results that carried one string still read. */
  problems_encountered: z.union([z.array(z.string()), z.string().transform((text) => (text === "" ? [] : [text]))]),
  solution: z.string(),
  verification_command: z.string(),
  hallucination_check: z.string(),
  harness: z.object({
    verification: CommandRun.nullable(),
    hallucination_check: CommandRun.nullable(),
  }),
});
export type ItemResult = z.infer<typeof ItemResult>;

export const Usage = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cache_read_tokens: z.number().int().nonnegative(),
  cache_write_tokens: z.number().int().nonnegative(),
  usd: z.number().nonnegative(),
});
export type Usage = z.infer<typeof Usage>;

export const StopReason = z.enum(["finished", "budget", "timeout", "error"]);
export type StopReason = z.infer<typeof StopReason>;

/**
 * The executor's answer for one attempt (DESIGN §5), posted by the app's bot identity inside
 * `<!-- conductor:result <base64-json> -->`. `status` is `done` only when every item is FIXED,
 * NO_CHANGE_NEEDED or ALREADY_IMPLEMENTED and every harness run exited 0.
 */
export const Result = z.object({
  version: z.literal(RESULT_VERSION),
  task: z.number().int().positive(),
  module: z.string().min(1),
  attempt: z.number().int().positive(),
  nonce: z.string().min(1),
  /** The commit the executor pushed (or the unchanged head when it pushed nothing). */
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  status: z.enum(["done", "incomplete", "failed"]),
  items: z.array(ItemResult),
  /** The harness's run of the brief's test command; null when the brief has none. */
  test: CommandRun.nullable(),
  usage: Usage,
  turns: z.number().int().nonnegative(),
  duration_ms: z.number().int().nonnegative(),
  stop_reason: StopReason,
  /** For `budget`, `timeout` and `error`: what is left undone or what broke, for a human. */
  error: z.string().optional(),
  /**
   * Who did the work: the engine, the model and the repository instruction files it was given
   * (docs/executor.md#engines). Absent from executors before it and from results of work that never ran.
   */
  agent: z
    .object({ engine: z.string().min(1), model: z.string().min(1), instructions: z.array(z.string()) })
    .optional(),
});
export type Result = z.infer<typeof Result>;
