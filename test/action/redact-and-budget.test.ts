import { describe, expect, test } from "vitest";
import { attemptLimits } from "../../action/src/attempt-limits.js";
import { createBudgetMeter } from "../../action/src/budget-meter.js";
import { parseInputs } from "../../action/src/inputs.js";
import { costUsd, priceOf } from "../../action/src/prices.js";
import { createRedactor } from "../../action/src/redact.js";
import { scrubEnv } from "../../action/src/scrub-env.js";
import { cachedPrefixShare } from "./support/cached-prefix.js";
import { actionEnv, testBrief } from "./support/fixtures.js";

describe("redaction", () => {
  const redact = createRedactor(["my-literal-secret"]);
  test.each([
    ["a given value", "key my-literal-secret end", "key *** end"],
    ["its base64 form", `h ${btoa("my-literal-secret")}`, "h ***"],
    ["the git auth header of a token", `basic ${btoa("x-access-token:my-literal-secret")}`, "basic ***"],
    ["a GitHub token shape", "ghs_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5", "***"],
    ["an Anthropic key shape", "sk-ant-api03-aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5", "***"],
    ["its reversed form", `x ${[..."my-literal-secret"].reverse().join("")} y`, "x *** y"],
    ["its hex form", `x ${Buffer.from("my-literal-secret").toString("hex")}`, "x ***"],
    [
      "its base64 form inside a longer text, at any offset, wrapped by base64(1)",
      `${btoa("A=1\0S=my-literal-secret\0").slice(0, 10)}\n${btoa("A=1\0S=my-literal-secret\0").slice(10)}`,
      "",
    ],
    ["a bearer header", "Authorization: Bearer abc.def.ghi", "Authorization: Bearer ***"],
    ["a URL password", "postgres://app:pw1234@db/x", "postgres://app:***@db/x"],
    ["a private key", "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----", "***"],
  ])("masks %s", (_name, input, expected) => {
    if (expected !== "") expect(redact(input)).toBe(expected);
    else expect(redact(input)).toContain("***");
  });

  test("what is masked at any base64 offset no longer decodes to the secret", () => {
    for (const prefix of ["", "a", "ab", "abc"]) {
      const encoded = Buffer.from(`${prefix}KEY=my-literal-secret;rest`).toString("base64");
      const masked = redact(encoded);
      expect(masked).toContain("***");
      expect(Buffer.from(masked.replace("***", ""), "base64").toString("latin1")).not.toContain("literal-secret");
    }
  });
});

describe("scrubEnv", () => {
  test("keeps ordinary variables, drops credentials by name, by value and by shape", () => {
    const env = scrubEnv(
      {
        PATH: "/bin",
        HOME: "/h",
        NODE_ENV: "test",
        GH_TOKEN: "x",
        "INPUT_GITHUB-TOKEN": "y",
        ACTIONS_CACHE_URL: "u",
        NOTE: "has my-literal-secret in it",
        URL: "https://u:p4ss@h",
      },
      ["my-literal-secret"],
    );
    expect(env).toEqual({ PATH: "/bin", HOME: "/h", NODE_ENV: "test", GIT_TERMINAL_PROMPT: "0", CI: "true" });
  });
});

describe("budget", () => {
  test("prices: the longest prefix wins, unknown models pay the most", () => {
    expect(priceOf("claude-opus-4-1-20250805").price.output).toBe(75);
    expect(priceOf("claude-opus-4-6").price.output).toBe(25);
    expect(priceOf("claude-sonnet-4-6").price).toMatchObject({ input: 3, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(priceOf("gpt-5")).toMatchObject({ known: false, price: { output: 75 } });
    expect(costUsd(priceOf("claude-haiku-4-5").price, { input: 1e6, output: 1e6, cacheRead: 0, cacheWrite: 0 })).toBe(
      6,
    );
  });

  test("the meter stops on turns, tokens, USD, the wall clock and the job's timeout", () => {
    const limits = { turns: 3, tokens: 1000, usd: 1, budgetEndsAt: 100, timeoutAt: 200 };
    const meter = createBudgetMeter(limits, priceOf("claude-sonnet-4-6").price);
    meter.record({ input_tokens: 400, output_tokens: 100 });
    expect(meter.exhausted(0)).toBeNull();
    meter.record({ input_tokens: 400, output_tokens: 100, cache_read_input_tokens: 0 });
    expect(meter.exhausted(0)).toEqual({ reason: "budget", detail: "tokens 1000/1000" });
    expect(meter.exhausted(150)).toEqual({ reason: "budget", detail: "tokens 1000/1000" });
    expect(meter.exhausted(200)).toEqual({ reason: "timeout", detail: "the job's timeout is near" });
    const clock = createBudgetMeter({ ...limits, tokens: 1e9 }, priceOf("claude-sonnet-4-6").price);
    expect(clock.exhausted(100)).toEqual({ reason: "budget", detail: "the wall-clock budget is spent" });
  });

  test("the mode decides which credential may be given: the key in work (its engine decides if it must), never in publish", () => {
    // Whether work needs the key depends on the brief's engine (codex takes its provider's key): run-work.ts.
    expect(parseInputs(actionEnv("/w", { "INPUT_ANTHROPIC-API-KEY": "" })).ok).toBe(true);
    const publish = parseInputs(actionEnv("/w", { INPUT_MODE: "publish" }));
    expect(publish.ok ? [] : publish.problems).toEqual(['input "anthropic-api-key" must not be given in mode publish']);
    const { "INPUT_ANTHROPIC-API-KEY": _key, ...withoutKey } = actionEnv("/w", { INPUT_MODE: "publish" });
    expect(parseInputs(withoutKey).ok).toBe(true);
  });

  test("inputs narrow the brief's budget, and a job timeout keeps time for the harness", () => {
    const parsed = parseInputs(actionEnv("/w", { "INPUT_MAX-TURNS": "5", "INPUT_TIMEOUT-MINUTES": "40" }));
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const { limits, harnessTimeoutMs } = attemptLimits(testBrief(), parsed.inputs, 0);
    expect(limits).toMatchObject({ turns: 5, budgetEndsAt: 30 * 60_000, timeoutAt: 30 * 60_000 });
    expect(harnessTimeoutMs).toBe(200_000);
  });
});

describe("cachedPrefixShare (the benchmark's measure)", () => {
  const tools = [{ name: "t", cache_control: { type: "ephemeral" } }];
  const m = (text: string) => ({ role: "user", content: text });

  test("counts the previous request's prompt when the next one starts with the same bytes", () => {
    const first = { tools, system: "s", messages: [m("a".repeat(400))], cache_control: { type: "ephemeral" } };
    const second = { ...first, messages: [...first.messages, m("b".repeat(400))] };
    const report = cachedPrefixShare([first, second]);
    expect(report.share).toBeGreaterThan(0.45);
    expect(report.share).toBeLessThan(0.55);
  });

  test("reads only up to the last breakpoint before a changed byte, and only up to an explicit breakpoint", () => {
    const toolTokens = Math.ceil(JSON.stringify(tools[0]).length / 4);
    const first = { tools, system: "s", messages: [m("a".repeat(400))], cache_control: { type: "ephemeral" } };
    const edited = { ...first, messages: [m("A".repeat(400)), m("b")] };
    // The tool definition carries its own breakpoint, so that much is still read.
    expect(cachedPrefixShare([first, edited]).cachedTokensAfterFirst).toBe(toolTokens);
    const noTools = { system: "s", messages: [m("a".repeat(400))], cache_control: { type: "ephemeral" } };
    expect(cachedPrefixShare([noTools, { ...noTools, messages: [m("A".repeat(400))] }]).cachedTokensAfterFirst).toBe(0);
    const noAuto = { tools, system: "s", messages: [m("a".repeat(400))] };
    const report = cachedPrefixShare([noAuto, { ...noAuto, messages: [...noAuto.messages, m("b")] }]);
    expect(report.cachedTokensAfterFirst).toBe(toolTokens);
  });
});
