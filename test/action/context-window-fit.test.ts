import type { BetaMessageParam } from "@anthropic-ai/sdk/resources/beta";
import { describe, expect, test } from "vitest";
import { byteLength, CLEARED, createTokenEstimator, fitContext } from "../../action/src/context-window.js";

/** A conversation: the brief, then `n` turns of a call and its result of `size` characters each. */
function conversation(n: number, size: number, input: Record<string, unknown> = { path: "a" }): BetaMessageParam[] {
  const messages: BetaMessageParam[] = [{ role: "user", content: "the brief" }];
  for (let i = 0; i < n; i++) {
    messages.push({ role: "assistant", content: [{ type: "tool_use", id: `t${i}`, name: "read_file", input }] });
    messages.push({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: `t${i}`, content: "r".repeat(size) }],
    });
  }
  return messages;
}

/** 1 token per 4 bytes, calibrated, so the numbers below are exact. */
function estimator() {
  const e = createTokenEstimator();
  e.calibrate(4000, 1000);
  return e;
}

const cleared = (messages: BetaMessageParam[]) =>
  messages
    .flatMap((m) => (Array.isArray(m.content) ? m.content : []))
    .filter((b) => b.type === "tool_result" && b.content === CLEARED).length;

describe("fitContext", () => {
  test("below the trigger, nothing changes", () => {
    const messages = conversation(5, 400);
    const fitted = fitContext(messages, {
      prefixBytes: 0,
      estimator: estimator(),
      limit: 10_000,
      trigger: 9_000,
      target: 6_000,
      keepRecent: 2,
    });
    expect(fitted).toMatchObject({ cleared: 0, fits: true });
    expect(fitted.messages.every((m, i) => m === messages[i])).toBe(true);
  });

  test("past the trigger, the oldest outputs go down to the target, the newest are kept, the rest is untouched", () => {
    const messages = conversation(20, 4000); // ~20k tokens of outputs
    const options = {
      prefixBytes: 0,
      estimator: estimator(),
      limit: 20_000,
      trigger: 15_000,
      target: 8_000,
      keepRecent: 4,
    };
    const fitted = fitContext(messages, options);
    expect(fitted.fits).toBe(true);
    expect(fitted.estimatedTokens).toBeLessThanOrEqual(8_000);
    expect(fitted.cleared).toBe(cleared(fitted.messages));
    // Oldest first: the cleared ones are a prefix of the results, and the last four are whole.
    const results = fitted.messages
      .flatMap((m) => (Array.isArray(m.content) ? m.content : []))
      .filter((b) => b.type === "tool_result");
    const flags = results.map((b) => b.content === CLEARED);
    expect(flags.indexOf(false)).toBe(fitted.cleared);
    expect(flags.slice(-4)).toEqual([false, false, false, false]);
    // The brief and the calls keep their identity: byte-identical in the next request.
    expect(fitted.messages[0]).toBe(messages[0]);
    expect(fitted.messages.filter((m) => m.role === "assistant").every((m, i) => m === messages[1 + 2 * i])).toBe(true);
    // A cleared placeholder is never cleared again: fitting the result again changes nothing.
    expect(fitContext(fitted.messages, { ...options, trigger: 1_000_000 }).messages).toEqual(fitted.messages);
  });

  test("long tool inputs go too when outputs are not enough; what still does not fit says so", () => {
    const messages = conversation(10, 10, { path: "a", content: "w".repeat(8000) });
    const options = {
      prefixBytes: 0,
      estimator: estimator(),
      limit: 12_000,
      trigger: 10_000,
      target: 6_000,
      keepRecent: 2,
    };
    const fitted = fitContext(messages, options);
    expect(fitted.fits).toBe(true);
    expect(JSON.stringify(fitted.messages[1])).toContain("[8000 characters cleared from the context]");
    expect(byteLength(fitted.messages)).toBeLessThan(byteLength(messages) / 2);
    const tooBig = fitContext(conversation(3, 80_000), { ...options, keepRecent: 3 });
    expect(tooBig).toMatchObject({ cleared: 0, fits: false });
  });
});
