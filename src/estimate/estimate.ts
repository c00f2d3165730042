import { z } from "zod";

/**
 * The shapes of a plan's estimate (docs/estimates.md): per module and in total, attempts, prompt and output
 * tokens, USD and wall time, each a range, and the method that made it. Stored in the task record when the
 * plan waits for `/approve-plan`, so the final PR compares actuals with what the approver saw.
 */
const Count = z.number().nonnegative();

/** `low` ≤ `mid` ≤ `high`; `mid` is the figure, `low`…`high` the range the method expects it in. */
export const Range = z.object({ low: Count, mid: Count, high: Count });
export type Range = z.infer<typeof Range>;

/** What one module (or the whole task) costs. Tokens: `input` counts every prompt token (cached or not). */
export const Figures = z.object({
  attempts: Range,
  input_tokens: Range,
  output_tokens: Range,
  usd: Range,
  wall_ms: Range,
});
export type Figures = z.infer<typeof Figures>;

export const FIGURE_NAMES = ["attempts", "input_tokens", "output_tokens", "usd", "wall_ms"] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

export const ModuleEstimate = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  phase: z.number().int().positive(),
  figures: Figures,
});
export type ModuleEstimate = z.infer<typeof ModuleEstimate>;

export const Estimate = z.object({
  method: z.enum(["history", "priors"]),
  /** One sentence a maintainer reads: where the figures come from. */
  method_text: z.string().min(1),
  /** Finished modules the history offered (whether or not there were enough). */
  samples: z.number().int().nonnegative(),
  at: z.number().int().nonnegative(),
  modules: z.array(ModuleEstimate),
  total: Figures,
  /** What was left out, e.g. history records that could not be read. */
  notes: z.array(z.string()),
});
export type Estimate = z.infer<typeof Estimate>;

/**
 * One finished (merged) module of an earlier task, as the history path uses it. `units` and the brief's
 * other features are kept so a later method can match on them; `role` matches today.
 */
export const HistorySample = z.object({
  task: z.number().int().positive(),
  module: z.string().min(1),
  role: z.string().nullable(),
  units: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  input_tokens: Count,
  output_tokens: Count,
  usd: Count,
  wall_ms: Count,
});
export type HistorySample = z.infer<typeof HistorySample>;

/** What the adapter read from `conductor/state` for an estimate. */
export const History = z.object({
  samples: z.array(HistorySample),
  /** Records skipped, one line each, e.g. `tasks/12.json: not a task record (modules: expected array)`. */
  notes: z.array(z.string()),
});
export type History = z.infer<typeof History>;

export const NO_HISTORY: History = { samples: [], notes: [] };
