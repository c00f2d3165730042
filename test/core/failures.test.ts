import { describe, expect, test } from "vitest";
import { NO_CHECKS_REASON } from "../../src/core/gates.js";
import { Driver, makePlan } from "./driver.js";

describe("a red gate starts a new attempt with the failure as feedback", () => {
  test("failed checks: names, summaries, annotations and log tail reach the next brief", () => {
    let attempt = 0;
    const d = new Driver({
      plan: makePlan([1]),
      script: {
        result: (_m, a) => {
          attempt = a;
          return "done";
        },
        checks: () => (attempt < 2 ? "fail" : "pass"),
      },
    });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("done");
    const brief = d.effects("UpdateBrief").find((e) => e.brief.attempt === 2)?.brief;
    expect(brief?.feedback).toHaveLength(1);
    expect(brief?.feedback[0]).toMatchObject({
      attempt: 1,
      reason: "checks failed: test — test: test failed",
      failed_checks: [
        expect.objectContaining({ name: "test", annotations: [expect.objectContaining({ path: "src/x.ts" })] }),
      ],
      log_tail: expect.stringContaining("test failed"),
    });
    const attempts = d.module("p1-mod1a").attempts;
    expect(attempts.map((a) => [a.state, a.charged])).toEqual([
      ["failed", true],
      ["done", true],
    ]);
  });

  test("verify findings fail the gate and reach the brief", () => {
    const finding = { rule: "placeholder" as const, critical: false, path: "a.ts", line: 2, message: "TODO added" };
    let verified = 0;
    const d = new Driver({ plan: makePlan([1]), script: { verify: () => (verified++ === 0 ? [finding] : []) } });
    d.label();
    d.settle();
    const brief = d.effects("UpdateBrief").find((e) => e.brief.attempt === 2)?.brief;
    expect(brief?.feedback[0]?.verify_findings).toEqual([finding]);
    expect(d.record?.status).toBe("done");
  });

  test("a result that is not done fails the attempt at once", () => {
    const d = new Driver({ plan: makePlan([1]), script: { result: (_m, a) => (a === 1 ? "incomplete" : "done") } });
    d.label();
    d.settle();
    const first = d.module("p1-mod1a").attempts[0];
    expect(first).toMatchObject({ state: "failed", charged: true });
    expect(first?.feedback?.reason).toContain("incomplete");
    expect(d.record?.status).toBe("done");
  });
});

describe("infrastructure failures back off and are not charged without tokens", () => {
  test("a run that ends without a result waits retries.backoff_minutes, the last repeating", () => {
    const d = new Driver({
      plan: makePlan([1]),
      config: { retries: { backoff_minutes: [1, 5] }, circuit_breaker: { failures: 50 } },
      script: { result: (_m, a) => (a <= 3 ? "none" : "done") },
    });
    d.label();
    d.settle();
    const m = () => d.module("p1-mod1a");
    expect(m()).toMatchObject({ state: "backoff", infra_streak: 1 });
    expect(m().attempts[0]).toMatchObject({ state: "infra", charged: false });
    expect(d.tick(0.5).effects.map((e) => e.type)).not.toContain("Dispatch");
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const due = m().due_at ?? 0;
      waits.push((due - d.now) / 60_000);
      d.tick((due - d.now) / 60_000);
      d.settle();
    }
    expect(waits).toEqual([0.5, 5, 5]);
    expect(d.record?.status).toBe("done");
    expect(m().attempts.filter((a) => a.charged)).toHaveLength(1);
  });

  test("stop_reason error after spending tokens is an infrastructure failure that is charged", () => {
    const d = new Driver({ plan: makePlan([1]), script: { result: (_m, a) => (a === 1 ? "error" : "done") } });
    d.label();
    d.settle();
    expect(d.module("p1-mod1a").attempts[0]).toMatchObject({ state: "infra", charged: true });
    expect(d.module("p1-mod1a").state).toBe("backoff");
  });

  test("a run that never reports is cancelled and retried after executor.timeout_minutes plus slack", () => {
    const d = new Driver({ plan: makePlan([1]), config: { executor: { timeout_minutes: 30 } } });
    d.label();
    while (d.queue.length > 0 && d.queue[0]?.type !== "Dispatched") d.deliverAt(0);
    d.queue = [];
    expect(d.tick(40).effects.map((e) => e.type)).not.toContain("CancelRun");
    const late = d.tick(10);
    expect(late.effects.find((e) => e.type === "CancelRun")).toMatchObject({ module: "p1-mod1a", attempt: 1 });
    expect(d.module("p1-mod1a")).toMatchObject({ state: "backoff" });
    expect(d.module("p1-mod1a").attempts[0]).toMatchObject({ state: "infra", charged: false });
  });
});

describe("escalation", () => {
  test("retries.max_attempts charged failures escalate once: mentions, summary, label, webhook", () => {
    const d = new Driver({
      plan: makePlan([1]),
      config: {
        retries: { same_failure_limit: 10 },
        escalation: { mention: ["@org/oncall"], webhook_url: "https://hooks.example.com/x" },
      },
      script: { checks: () => "fail" },
    });
    d.label();
    d.settle();
    d.tick(60);
    d.settle();
    expect(d.record?.status).toBe("blocked");
    const m = d.module("p1-mod1a");
    expect(m.attempts.filter((a) => a.charged)).toHaveLength(3);
    expect(d.effects("Dispatch")).toHaveLength(3);
    const escalations = d.effects("Escalate");
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.mentions).toEqual(["@ana", "@org/oncall"]);
    expect(escalations[0]?.summary).toMatch(/mod1a.*#\d+.*failed.*3 \(3 charged\).*test/s);
    expect(escalations[0]?.summary).toContain("/retry");
    expect(escalations[0]?.summary).toContain("Cost so far: $1.50");
    expect(d.effects("SetLabels").at(-1)).toMatchObject({ add: ["conductor:blocked"] });
    expect(d.effects("PostWebhook")).toEqual([expect.objectContaining({ url: "https://hooks.example.com/x" })]);
  });

  test("the same failure signature twice in a row escalates (retries.same_failure_limit: 2)", () => {
    const d = new Driver({ plan: makePlan([1]), script: { checks: () => "fail" } });
    d.label();
    d.settle();
    expect(d.effects("Dispatch")).toHaveLength(2);
    expect(d.effects("Escalate")[0]?.reason).toContain("the same failure repeated 2 times");
  });

  test("the circuit breaker trips on failures across modules within the window", () => {
    const d = new Driver({
      plan: makePlan([2]),
      config: { circuit_breaker: { failures: 3, window_minutes: 10 } },
      script: { result: () => "none" },
    });
    d.label();
    d.settle();
    d.tick(1);
    d.settle();
    expect(d.effects("Escalate")).toHaveLength(1);
    expect(d.effects("Escalate")[0]?.reason).toContain("circuit breaker: 3 failures within 10 minutes");
  });

  test("limits.task_usd spent: the next dispatch escalates instead", () => {
    const d = new Driver({
      plan: makePlan([1]),
      config: { limits: { task_usd: 1 }, retries: { same_failure_limit: 10 } },
      script: { checks: () => "fail", usd: () => 0.6 },
    });
    d.label();
    d.settle();
    expect(d.effects("Dispatch")).toHaveLength(2);
    expect(d.effects("Escalate")[0]?.reason).toContain("limits.task_usd");
    expect(d.effects("UpdateBrief").at(-1)?.brief.budget.usd).toBeCloseTo(0.4);
  });

  test("a critical verify finding escalates at once, without another attempt", () => {
    const secret = { rule: "secret" as const, critical: true, path: ".env", message: "looks like an AWS key" };
    const d = new Driver({ plan: makePlan([1]), script: { verify: () => [secret] } });
    d.label();
    d.settle();
    expect(d.effects("Dispatch")).toHaveLength(1);
    expect(d.effects("Merge")).toHaveLength(0);
    expect(d.effects("Escalate")[0]?.reason).toContain("AWS key");
    expect(d.module("p1-mod1a").state).toBe("failed");
  });

  test("one escalation per blocked episode even when more modules fail", () => {
    const d = new Driver({ plan: makePlan([3]), script: { checks: () => "fail" } });
    d.label();
    d.settle();
    expect(d.record?.modules.filter((m) => m.state === "failed").length).toBeGreaterThan(1);
    expect(d.effects("Escalate")).toHaveLength(1);
  });

  test(`no checks at all after gates.checks_timeout_minutes: "${NO_CHECKS_REASON.slice(0, 30)}…"`, () => {
    const d = new Driver({ plan: makePlan([1]), script: { checks: () => "none" } });
    d.label();
    d.settle();
    expect(d.tick(29).effects.map((e) => e.type)).not.toContain("Escalate");
    const late = d.tick(1);
    expect(late.effects.find((e) => e.type === "Escalate")).toMatchObject({
      reason: expect.stringContaining(NO_CHECKS_REASON),
    });
    expect(d.module("p1-mod1a").attempts[0]?.charged).toBe(false);
    expect(d.effects("Dispatch")).toHaveLength(1);
  });

  test("gates.allow_no_checks: a head with no CI is green after the timeout", () => {
    const d = new Driver({
      plan: makePlan([1]),
      config: { gates: { allow_no_checks: true } },
      script: { checks: () => "none" },
    });
    d.label();
    d.settle();
    expect(d.effects("Merge")).toHaveLength(0);
    d.tick(30);
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("checks still pending after the timeout escalate with their names", () => {
    const d = new Driver({ plan: makePlan([1]), script: { checks: () => "pending" } });
    d.label();
    d.settle();
    d.tick(31);
    expect(d.effects("Escalate")[0]?.reason).toContain("checks still pending after 30 minutes: test");
  });
});

describe("merging", () => {
  test("not mergeable → UpdateBranch, the result carries over, verify again, merge the new head", () => {
    let merges = 0;
    const d = new Driver({
      plan: makePlan([1]),
      script: { merge: () => (merges++ === 0 ? "not_mergeable" : "merged") },
    });
    d.label();
    d.settle();
    const [first, second] = d.effects("Merge");
    expect(d.effects("UpdateBranch")).toEqual([expect.objectContaining({ expected_head_sha: first?.sha })]);
    expect(second?.sha).not.toBe(first?.sha);
    expect(d.effects("CreateVerifyCheck").map((e) => e.head_sha)).toContain(second?.sha);
    expect(d.effects("Dispatch")).toHaveLength(1);
    expect(d.record?.status).toBe("done");
  });

  test("a real conflict becomes an attempt whose brief says resolve the conflict", () => {
    let merges = 0;
    const d = new Driver({
      plan: makePlan([1]),
      script: { merge: () => (merges++ === 0 ? "not_mergeable" : "merged"), update: () => "conflict" },
    });
    d.label();
    d.settle();
    const brief = d.effects("UpdateBrief").find((e) => e.brief.attempt === 2)?.brief;
    expect(brief?.mode).toBe("resolve_conflict");
    expect(brief?.instructions).toContain("merge `conductor/42/integration` into this branch");
    expect(d.record?.status).toBe("done");
  });

  test("a head that moved is never merged; the module waits for /retry", () => {
    const d = new Driver({ plan: makePlan([1]), script: { merge: () => "head_moved" } });
    d.label();
    d.settle();
    expect(d.effects("Merge")).toHaveLength(1);
    expect(d.module("p1-mod1a").state).toBe("failed");
    expect(d.effects("Escalate")[0]?.reason).toContain("moved away from the verified");
  });

  test("a human push makes the result stale: no merge, the module waits for /retry", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    while (d.queue.length > 0 && d.queue[0]?.type !== "VerifyCompleted") d.deliverAt(0);
    d.deliver({ type: "PullSynchronized", id: "push", module: "p1-mod1a", head_sha: d.sha(), by_app: false });
    d.settle();
    expect(d.effects("Merge")).toHaveLength(0);
    expect(d.module("p1-mod1a")).toMatchObject({ state: "failed", reason: expect.stringContaining("/retry") });
  });
});

describe("a merge the branch rules refuse", () => {
  test("escalates with GitHub's words and the fix, starts no conflict attempt; /retry on the issue merges", () => {
    let rules = true;
    const d = new Driver({ plan: makePlan([1]), script: { merge: () => (rules ? "blocked" : "merged") } });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("blocked");
    const m = d.module("p1-mod1a");
    expect([m.state, m.next_mode, m.attempts.length]).toEqual(["green", "implement", 1]);
    const [escalation] = d.effects("Escalate");
    expect(escalation?.reason).toContain("At least 1 approving review is required");
    expect(escalation?.reason).toContain("exempt `conductor/**`");
    expect(d.effects("UpdateBranch")).toEqual([]);
    rules = false;
    d.command({ name: "retry", note: null });
    d.settle();
    expect(d.record?.status).toBe("done");
    expect(d.effects("Merge")).toHaveLength(2);
    expect(d.effects("Dispatch")).toHaveLength(1);
  });
});
