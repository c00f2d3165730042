import type { FIGURE_NAMES, Figures, HistorySample, Range } from "./estimate.js";
import { quantile } from "./quantile.js";

/**
 * The history path's range: the 10th, 50th and 90th percentiles of what finished modules cost
 * (docs/estimates.md#from-history). An 80% range: if the future is like the past, about 8 in 10 modules
 * land inside it.
 */
export const HISTORY_QUANTILES = { low: 0.1, mid: 0.5, high: 0.9 } as const;

/** The samples to learn from for a module of `role`: the same role when it has enough, else all. */
export function matchingSamples(
  samples: readonly HistorySample[],
  role: string | null,
  threshold: number,
): { samples: readonly HistorySample[]; byRole: boolean } {
  const same = samples.filter((s) => s.role === role);
  return same.length >= threshold && same.length < samples.length
    ? { samples: same, byRole: true }
    : { samples, byRole: false };
}

/** The percentiles of each figure over `samples`. */
export function historyFigures(samples: readonly HistorySample[]): Figures {
  const of = (name: (typeof FIGURE_NAMES)[number]): Range => {
    const values = samples.map((s) => s[name]);
    return {
      low: quantile(values, HISTORY_QUANTILES.low),
      mid: quantile(values, HISTORY_QUANTILES.mid),
      high: quantile(values, HISTORY_QUANTILES.high),
    };
  };
  return {
    attempts: of("attempts"),
    input_tokens: of("input_tokens"),
    output_tokens: of("output_tokens"),
    usd: of("usd"),
    wall_ms: of("wall_ms"),
  };
}
