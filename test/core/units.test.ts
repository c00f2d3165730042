import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { hasRole } from "../../src/config/roles.js";
import { Config } from "../../src/config/schema.js";
import { backoffMs } from "../../src/core/backoff.js";
import { recordFailure } from "../../src/core/breaker.js";
import { Event } from "../../src/core/events.js";
import { evaluateGate, mergeChecks, NO_CHECKS_REASON, requiredChecks } from "../../src/core/gates.js";
import { attemptNonce, effectId, moduleBranch, moduleKey } from "../../src/core/ids.js";
import { markEffectDone } from "../../src/core/outbox.js";
import type { HeadFacts } from "../../src/core/record.js";
import { gateSignature, resultSignature } from "../../src/core/signature.js";
import { Brief } from "../../src/protocol/brief.js";
import { Driver, failedCheck, fakeSha, MINUTE, makePlan, makeResult } from "./driver.js";

const config = Config.parse({});
const head = (facts: Partial<HeadFacts> = {}): HeadFacts => ({
  sha: fakeSha(1),
  seen_at: 0,
  result_attempt: 1,
  verify: { findings: [] },
  checks: { pending: [], passed: ["test"], failed: [], none_seen: false },
  updated: false,
  head_moved: false,
  blocked: 0,
  review: null,
  ...facts,
});

describe("gates", () => {
  const cases: [string, Partial<HeadFacts>, number, string][] = [
    ["all green", {}, 0, "green"],
    ["no result for the SHA", { result_attempt: null }, 0, "pending"],
    ["verify not in", { verify: null }, 0, "pending"],
    ["a check pending", { checks: { pending: ["lint"], passed: [], failed: [], none_seen: false } }, 0, "pending"],
    ["a check failed", { checks: { pending: [], passed: [], failed: [failedCheck("t")], none_seen: false } }, 0, "red"],
    ["no checks yet", { checks: null }, 29, "pending"],
    ["no checks after the timeout", { checks: null }, 30, "red"],
    ["the head moved", { head_moved: true }, 0, "pending"],
    ["verify lost: still missing after the timeout", { verify: null }, 30, "red"],
  ];
  test.each(cases)("%s → %s", (_, facts, minutes, status) => {
    expect(evaluateGate(fakeSha(1), head(facts), config, minutes * MINUTE).status).toBe(status);
  });

  test("a failure waits for pending checks so the next brief hears about all of them", () => {
    const checks = { pending: ["lint"], passed: [], failed: [failedCheck("t")], none_seen: false };
    expect(evaluateGate(fakeSha(1), head({ checks }), config, 0).status).toBe("pending");
  });

  test("a lost conductor/verify escalates after the checks timeout; with gates.reverify: required after two, so the re-verification deadline comes first", () => {
    const passed = { pending: [], passed: ["test"], failed: [], none_seen: false };
    const lost = head({ verify: null, checks: passed });
    expect(evaluateGate(fakeSha(1), lost, config, 31 * MINUTE)).toMatchObject({
      status: "red",
      escalate: "conductor/verify did not report within 30 minutes",
    });
    const reverify = Config.parse({ gates: { reverify: "required" } });
    expect(evaluateGate(fakeSha(1), lost, reverify, 31 * MINUTE).status).toBe("pending");
    expect(evaluateGate(fakeSha(1), lost, reverify, 61 * MINUTE)).toMatchObject({
      status: "red",
      escalate: "conductor/verify did not report within 60 minutes",
    });
  });

  test("no CI at all escalates with the reason DESIGN §1.6 gives", () => {
    const decision = evaluateGate(
      fakeSha(1),
      head({ checks: { pending: [], passed: [], failed: [], none_seen: true } }),
      config,
      31 * MINUTE,
    );
    expect(decision).toMatchObject({ status: "red", escalate: NO_CHECKS_REASON });
  });

  test("required checks by name: unseen ones are pending, others ignored", () => {
    const named = Config.parse({ gates: { checks: ["build", "test"] } });
    const summary = { pending: [], passed: ["test", "docs"], failed: [failedCheck("lint")], none_seen: false };
    expect(requiredChecks(summary, named)).toEqual({
      pending: ["build"],
      passed: ["test"],
      failed: [],
      none_seen: false,
    });
  });

  test("a status named like a required check does not pass it while a run of that name is in progress", () => {
    const named = Config.parse({ gates: { checks: ["CI"] } });
    const impersonated = { pending: ["CI"], passed: ["CI"], failed: [], none_seen: false };
    expect(requiredChecks(impersonated, named)).toMatchObject({ pending: ["CI"], passed: [] });
    expect(requiredChecks(impersonated, config)).toMatchObject({ pending: ["CI"], passed: [] });
    const seenGreen = { pending: [], passed: ["CI"], failed: [], none_seen: false };
    expect(mergeChecks(seenGreen, impersonated)).toMatchObject({ pending: ["CI"], passed: [] });
  });

  test("mergeChecks: a conclusion never goes back to pending; a re-run wins", () => {
    const failed = { pending: [], passed: [], failed: [failedCheck("t")], none_seen: false };
    const stale = { pending: ["t"], passed: [], failed: [], none_seen: false };
    const rerun = { pending: [], passed: ["t"], failed: [], none_seen: false };
    expect(mergeChecks(failed, stale)).toEqual(failed);
    expect(mergeChecks(failed, rerun)).toEqual(rerun);
  });
});

describe("backoff and breaker", () => {
  test("backoff_minutes in order, the last repeating", () => {
    expect([1, 2, 3, 4, 9].map((n) => backoffMs(config, n) / MINUTE)).toEqual([1, 5, 15, 15, 15]);
  });

  test("the breaker counts failures within the window only", () => {
    const tight = Config.parse({ circuit_breaker: { failures: 3, window_minutes: 10 } });
    let failures: number[] = [];
    const tripped = [0, 4, 15, 16, 17].map((minute) => {
      const out = recordFailure(failures, minute * MINUTE, tight);
      failures = out.failures;
      return out.tripped;
    });
    expect(tripped).toEqual([false, false, false, false, true]);
  });
});

describe("signatures", () => {
  test("numbers in summaries do not make the same failure look different", () => {
    const a = { ...failedCheck("test"), summary: "3 failed in 12.5s" };
    const b = { ...failedCheck("test"), summary: "3 failed in 14.1s" };
    expect(gateSignature([a], [])).toBe(gateSignature([b], []));
    expect(gateSignature([a], [])).not.toBe(gateSignature([failedCheck("lint")], []));
  });

  test("result signatures name status, stop reason and failed items", () => {
    const result = makeResult({
      issue: 1,
      module: "m",
      attempt: 1,
      nonce: "n",
      head_sha: fakeSha(1),
      status: "incomplete",
      stop_reason: "budget",
    });
    expect(resultSignature(result)).toBe("result:incomplete:budget::");
  });
});

describe("ids, roles, outbox", () => {
  test("nonces fit the brief's pattern even for long module names, and differ per attempt", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,80}$/), fc.integer({ min: 1, max: 999 }), (slug, attempt) => {
        const key = moduleKey(3, slug);
        const nonce = attemptNonce({ seed: "mabcdefg", issue: 123456 }, key, attempt);
        expect(Brief.shape.nonce.safeParse(nonce).success).toBe(true);
        expect(nonce).not.toBe(attemptNonce({ seed: "mabcdefg", issue: 123456 }, key, attempt + 1));
      }),
    );
  });

  test("names follow DESIGN §1", () => {
    expect(moduleBranch(7, moduleKey(2, "grpc-service"))).toBe("conductor/7/p2-grpc-service");
    expect(effectId({ generation: 3 }, "merge", "p1-a", "abc")).toBe("g3:merge:p1-a:abc");
  });

  test.each([
    ["admin", "maintain", true],
    ["maintain", "maintain", true],
    ["write", "maintain", false],
    ["triage", "read", true],
  ] as const)("%s ≥ %s: %s", (role, minimum, ok) => {
    expect(hasRole(role, minimum)).toBe(ok);
  });

  test("markEffectDone moves an effect from the outbox to the done list", () => {
    const d = new Driver({ plan: makePlan([1]) });
    const { after } = d.label();
    if (!after) throw new Error("no record");
    const [first] = after.outbox;
    const done = markEffectDone(after, first?.id ?? "");
    expect(done.outbox).toHaveLength(after.outbox.length - 1);
    expect(done.done_effects).toContain(first?.id);
    expect(markEffectDone(done, first?.id ?? "")).toBe(done);
  });

  test("every event the driver produces parses with the Event schema", () => {
    const d = new Driver({ plan: makePlan([2, 1]) });
    d.label();
    d.settle();
    for (const h of d.history) expect(Event.safeParse(h.event).success).toBe(true);
  });
});
