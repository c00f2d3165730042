import type { Usage } from "../../src/protocol/result.js";
import { costUsd, type Price } from "./prices.js";

/** What one attempt may spend. Times are milliseconds since the epoch. */
export interface Limits {
  turns: number;
  /** Every token the model processed: input, output, cache writes and cache reads. */
  tokens: number;
  usd: number;
  /** The brief's wall-clock budget ends here (stop reason `budget`). */
  budgetEndsAt: number;
  /** The job's own timeout, less what testing and pushing need, ends here (stop reason `timeout`). */
  timeoutAt: number;
}

/** The usage block of one Messages API response. */
export interface ResponseUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export type Exhausted = { reason: "budget" | "timeout"; detail: string };

/** Counts turns, tokens and dollars as responses arrive, and says when a limit is reached. */
export interface BudgetMeter {
  record(usage: ResponseUsage): void;
  readonly turns: number;
  usage(): Usage;
  exhausted(now: number): Exhausted | null;
}

/** A meter for one attempt at `price`. */
export function createBudgetMeter(limits: Limits, price: Price): BudgetMeter {
  let turns = 0;
  const tokens = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
  const total = () => tokens.input + tokens.output + tokens.cacheWrite + tokens.cacheRead;
  const round = (usd: number) => Math.round(usd * 1e6) / 1e6;
  return {
    get turns() {
      return turns;
    },
    record(usage) {
      turns += 1;
      tokens.input += usage.input_tokens;
      tokens.output += usage.output_tokens;
      tokens.cacheWrite += usage.cache_creation_input_tokens ?? 0;
      tokens.cacheRead += usage.cache_read_input_tokens ?? 0;
    },
    usage() {
      return {
        input_tokens: tokens.input,
        output_tokens: tokens.output,
        cache_read_tokens: tokens.cacheRead,
        cache_write_tokens: tokens.cacheWrite,
        usd: round(costUsd(price, tokens)),
      };
    },
    exhausted(now) {
      if (now >= limits.timeoutAt) return { reason: "timeout", detail: "the job's timeout is near" };
      const usd = costUsd(price, tokens);
      if (turns >= limits.turns) return { reason: "budget", detail: `turns ${turns}/${limits.turns}` };
      if (total() >= limits.tokens) return { reason: "budget", detail: `tokens ${total()}/${limits.tokens}` };
      if (usd >= limits.usd) return { reason: "budget", detail: `USD ${usd.toFixed(4)}/${limits.usd}` };
      if (now >= limits.budgetEndsAt) return { reason: "budget", detail: "the wall-clock budget is spent" };
      return null;
    },
  };
}
