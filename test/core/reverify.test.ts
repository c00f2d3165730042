/**
 * `gates.reverify` in the core (docs/security.md#independent-re-verification): with `required`, a done
 * result's `conductor/verify` waits for the App's re-verification comment — computed when it arrives
 * (before or after the result: webhooks are not ordered), or at the deadline with a finding that none came.
 */
import { describe, expect, test } from "vitest";
import type { Effect } from "../../src/core/effects.js";
import type { Event } from "../../src/core/events.js";
import { transition } from "../../src/core/transition.js";
import { ONE_MODULE_SPEC, Scenario, sha } from "../github/scenario.js";

const HEAD = sha("d");
const KEY = "p1-core";
const MINUTE = 60_000;

function started(reverify: "off" | "required") {
  return new Scenario({ spec: ONE_MODULE_SPEC, config: { gates: { reverify } } }).opened({ [KEY]: 11 });
}

function step(s: Scenario, event: Event, at = s.now) {
  const out = transition(s.record, event, { now: at, config: s.config });
  if (!out.record) throw new Error("record vanished");
  s.record = out.record;
  s.now = at;
  return out.effects;
}

const verifies = (effects: Effect[]) =>
  effects.filter((e): e is Extract<Effect, { type: "CreateVerifyCheck" }> => e.type === "CreateVerifyCheck");

function resultPosted(s: Scenario, over = {}): Event {
  return {
    type: "ResultPosted",
    id: "d-result",
    module: KEY,
    comment_id: 500,
    result: s.result(KEY, HEAD, over),
    author_is_app: true,
  };
}

function reverifyPosted(s: Scenario, over: Partial<Extract<Event, { type: "ReverifyPosted" }>> = {}): Event {
  const attempt = s.attempt(KEY);
  return {
    type: "ReverifyPosted",
    id: "d-reverify",
    module: KEY,
    comment_id: 600,
    attempt: attempt.number,
    nonce: attempt.nonce,
    head_sha: HEAD,
    author_is_app: true,
    ...over,
  };
}

describe("gates.reverify: required", () => {
  test("a done result waits: no conductor/verify until the re-verification arrives, then one that compares", () => {
    const s = started("required");
    const reverify = reverifyPosted(s);
    expect(verifies(step(s, resultPosted(s)))).toEqual([]);
    expect(s.module(KEY).state).toBe("verifying");
    expect(s.module(KEY).gate?.reasons.join("; ")).toContain("waiting for conductor/verify");
    const effects = verifies(step(s, reverify));
    expect(effects).toEqual([expect.objectContaining({ head_sha: HEAD, attempt: 1, pr: 11, reverify: "posted" })]);
    expect(s.module(KEY).attempts[0]?.reverify_comment_id).toBe(600);
  });

  test("a re-verification that arrives before its result is kept, and verify runs with the result", () => {
    const s = started("required");
    expect(verifies(step(s, reverifyPosted(s)))).toEqual([]);
    expect(verifies(step(s, resultPosted(s)))).toEqual([expect.objectContaining({ reverify: "posted" })]);
  });

  test("a re-verification comment not posted by the app, or for another nonce, is ignored", () => {
    const s = started("required");
    const forged = reverifyPosted(s, { author_is_app: false });
    const otherNonce = reverifyPosted(s, { id: "d2", nonce: "forged" });
    step(s, resultPosted(s));
    expect(verifies(step(s, forged))).toEqual([]);
    expect(verifies(step(s, otherNonce))).toEqual([]);
    expect(s.module(KEY).attempts[0]?.reverify_comment_id).toBeNull();
  });

  test("none within gates.checks_timeout_minutes: the sweep computes verify for the deadline", () => {
    const s = started("required");
    step(s, resultPosted(s));
    const tick = (id: string): Event => ({ type: "Tick", id });
    expect(verifies(step(s, tick("t1"), s.now + 29 * MINUTE))).toEqual([]);
    expect(verifies(step(s, tick("t2"), s.now + 2 * MINUTE))).toEqual([
      expect.objectContaining({ head_sha: HEAD, reverify: "deadline" }),
    ]);
  });

  test("a result that is not done is verified at once, with nothing to re-verify", () => {
    const s = started("required");
    const effects = verifies(step(s, resultPosted(s, { status: "failed" })));
    expect(effects).toEqual([expect.objectContaining({ reverify: "off" })]);
  });
});

test("gates.reverify: off (the default) verifies a done result at once and compares nothing", () => {
  const s = started("off");
  const reverify = reverifyPosted(s);
  expect(verifies(step(s, resultPosted(s)))).toEqual([expect.objectContaining({ reverify: "off" })]);
  expect(verifies(step(s, reverify))).toEqual([]);
});
