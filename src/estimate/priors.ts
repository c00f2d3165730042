import { priceOf } from "../../action/src/prices.js";
import type { Config } from "../config/schema.js";
import type { Figures, Range } from "./estimate.js";
import type { ModuleSize } from "./module-size.js";

/**
 * The priors: what a module costs when the repository has too few finished modules of its own
 * (docs/estimates.md#priors states each figure and where it comes from). Bounds that the configuration
 * enforces (turns, attempts, minutes, USD per attempt) come from the task's configuration, so the range
 * never exceeds what Conductor would allow.
 */
export const PRIORS = {
  /** Turns of one attempt: a base plus a few per work item (assumption, see the docs). */
  turnsBase: 10,
  turnsPerUnit: 5,
  /** Multipliers on turns (assumptions): narrow `Paths`, no test command, a docs-only role. */
  narrowFactor: 0.8,
  untestedFactor: 0.9,
  docsFactor: 0.7,
  /** Prompt tokens per turn (cached prefix + transcript), and output tokens per turn. */
  inputPerTurn: { low: 4_000, mid: 9_000, high: 20_000 },
  outputPerTurn: { low: 150, mid: 400, high: 1_000 },
  /**
   * Share of the input price a prompt token costs on average: the executor keeps its prefix cached
   * (DESIGN §8), so most prompt tokens are cache reads (0.1 ×), some writes (1.25 ×), few uncached.
   * 0.7 × 0.1 + 0.15 × 1.25 + 0.15 × 1 ≈ 0.41.
   */
  blendedInput: 0.41,
  /** Attempts per module: most pass first time; `retries.max_attempts` bounds the high end. */
  attempts: { low: 1, mid: 1.3 },
  /** Wall time of one turn (model latency + tool), and of CI after a push, in minutes. */
  minutesPerTurn: { low: 0.15, mid: 0.3, high: 0.6 },
  ciMinutes: { low: 2, mid: 5, high: 15 },
} as const;

const range = (low: number, mid: number, high: number): Range => ({
  low: Math.min(low, mid),
  mid,
  high: Math.max(high, mid),
});

/** The priors' figures for one module of `size`, under the task's configuration. */
export function priorFigures(size: ModuleSize, config: Config): Figures {
  const maxTurns = config.executor.max_turns;
  const factor =
    (size.narrow ? PRIORS.narrowFactor : 1) *
    (size.tested ? 1 : PRIORS.untestedFactor) *
    (size.role === "docs" ? PRIORS.docsFactor : 1);
  const turnsMid = Math.min(maxTurns, (PRIORS.turnsBase + PRIORS.turnsPerUnit * size.units) * factor);
  const turns = range(Math.max(1, turnsMid / 2), turnsMid, Math.min(maxTurns, turnsMid * 2.5));
  const maxAttempts = config.retries.max_attempts;
  const attempts = range(PRIORS.attempts.low, Math.min(maxAttempts, PRIORS.attempts.mid), maxAttempts);

  // Low with low, high with high: a module that needs many attempts also needs many turns.
  const per = (turnCount: number, tries: number, perTurn: number) => turnCount * tries * perTurn;
  const input = range(
    per(turns.low, attempts.low, PRIORS.inputPerTurn.low),
    per(turns.mid, attempts.mid, PRIORS.inputPerTurn.mid),
    per(turns.high, attempts.high, PRIORS.inputPerTurn.high),
  );
  const output = range(
    per(turns.low, attempts.low, PRIORS.outputPerTurn.low),
    per(turns.mid, attempts.mid, PRIORS.outputPerTurn.mid),
    per(turns.high, attempts.high, PRIORS.outputPerTurn.high),
  );
  const { price } = priceOf(config.executor.model);
  const usdOf = (inTok: number, outTok: number) =>
    (inTok * price.input * PRIORS.blendedInput + outTok * price.output) / 1_000_000;
  // `limits.attempt_usd` stops an attempt, so no level spends more than that per attempt.
  const cap = (usd: number, tries: number) => Math.min(usd, config.limits.attempt_usd * tries);
  const usd = range(
    cap(usdOf(input.low, output.low), attempts.low),
    cap(usdOf(input.mid, output.mid), attempts.mid),
    cap(usdOf(input.high, output.high), attempts.high),
  );

  // An attempt is capped by `executor.timeout_minutes`; between attempts the first backoff waits.
  const attemptMinutes = (t: number, perTurn: number) => Math.min(config.executor.timeout_minutes, t * perTurn);
  const backoff = config.retries.backoff_minutes[0] ?? 0;
  const minutes = (t: number, perTurn: number, ci: number, tries: number) =>
    tries * (attemptMinutes(t, perTurn) + ci) + Math.max(0, tries - 1) * backoff;
  const wall = range(
    minutes(turns.low, PRIORS.minutesPerTurn.low, PRIORS.ciMinutes.low, attempts.low),
    minutes(turns.mid, PRIORS.minutesPerTurn.mid, PRIORS.ciMinutes.mid, attempts.mid),
    minutes(turns.high, PRIORS.minutesPerTurn.high, PRIORS.ciMinutes.high, attempts.high),
  );
  const toMs = (r: Range): Range => ({ low: r.low * 60_000, mid: r.mid * 60_000, high: r.high * 60_000 });
  return { attempts, input_tokens: input, output_tokens: output, usd, wall_ms: toMs(wall) };
}
