import type { BudgetMeter, Exhausted } from "../budget-meter.js";

/** One Responses API reply's usage, as the key proxy read it (responses-usage.ts). */
export interface ProxyUsage {
  input_tokens: number;
  cached_tokens: number;
  output_tokens: number;
}

/** What the key proxy asks before it forwards a request, and tells after each reply (key-proxy.ts). */
export interface RequestGate {
  /** null: forward the request; else why it is refused (answered as an API error, never forwarded). */
  admit(): string | null;
  record(usage: ProxyUsage): void;
}

export interface BudgetGate extends RequestGate {
  /** The limit that refused a request, once one has: the attempt ends with its reason. */
  readonly refused: Exhausted | null;
}

/**
 * The brief's budgets for a CLI without limits of its own (Codex: `codex exec` takes no turn or USD
 * cap; docs/executor.md#budgets-of-a-cli-engine). Every model request passes the key proxy, so the
 * proxy counts them as turns and their usage as tokens and USD in the attempt's meter (prices.ts; an
 * unknown model at the dearest listed price), and refuses the first request past a limit, as the
 * built-in loop stops before its next turn (budget-meter.ts).
 */
export function budgetGate(meter: BudgetMeter, now: () => number): BudgetGate {
  let refused: Exhausted | null = null;
  return {
    get refused() {
      return refused;
    },
    admit() {
      const exhausted = meter.exhausted(now());
      if (!exhausted) return null;
      refused ??= exhausted;
      return `conductor: the attempt's ${exhausted.reason === "budget" ? "budget" : "time"} is exhausted (${exhausted.detail}); no further model requests are forwarded`;
    },
    record(usage) {
      meter.record({
        input_tokens: Math.max(0, usage.input_tokens - usage.cached_tokens),
        output_tokens: usage.output_tokens,
        cache_read_input_tokens: usage.cached_tokens,
      });
    },
  };
}
