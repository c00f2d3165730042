/** US dollars per million tokens of one kind. */
export interface Price {
  input: number;
  output: number;
  /** Writing the prompt cache with the 5-minute TTL (1.25 × input). */
  cacheWrite: number;
  /** Reading the prompt cache (0.1 × input). */
  cacheRead: number;
}

const price = (input: number, output: number): Price => ({
  input,
  output,
  cacheWrite: input * 1.25,
  cacheRead: input / 10,
});

/**
 * The one price table (the vendors' list prices, USD per MTok). Keys are model-name prefixes; the longest
 * matching prefix wins, so dated snapshots (`claude-sonnet-4-5-20250929`) find their family. Long-context
 * (>200k input) surcharges are not modelled: the executor's turns stay far below that.
 */
export const PRICES: Readonly<Record<string, Price>> = {
  "claude-opus-4-0": price(15, 75),
  "claude-opus-4-2025": price(15, 75),
  "claude-opus-4-1": price(15, 75),
  // Opus 4.5 and later.
  "claude-opus-4": price(5, 25),
  "claude-sonnet-4": price(3, 15),
  "claude-3-7-sonnet": price(3, 15),
  "claude-haiku-4": price(1, 5),
  "claude-3-5-haiku": price(0.8, 4),
  // The codex engine's default model (docs/executor.md#codex); OpenAI caches on its own, at no surcharge.
  "gpt-5-codex": { input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125 },
};

/** The most expensive entry: what an unknown model is charged, so a budget is never under-counted. */
const FALLBACK: Price = Object.values(PRICES).reduce((a, b) => (b.output > a.output ? b : a));

/** The price of `model`, and whether it was found in the table. */
export function priceOf(model: string): { price: Price; known: boolean } {
  const key = Object.keys(PRICES)
    .filter((prefix) => model.startsWith(prefix))
    .sort((a, b) => b.length - a.length)[0];
  return key ? { price: PRICES[key] ?? FALLBACK, known: true } : { price: FALLBACK, known: false };
}

/** Token counts of one request, by kind. */
export interface TokenCounts {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** What `tokens` cost at `price`, in USD. */
export function costUsd(price: Price, tokens: TokenCounts): number {
  return (
    (tokens.input * price.input +
      tokens.output * price.output +
      tokens.cacheWrite * price.cacheWrite +
      tokens.cacheRead * price.cacheRead) /
    1_000_000
  );
}
