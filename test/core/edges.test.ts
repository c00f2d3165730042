import { describe, expect, test } from "vitest";
import { transition } from "../../src/core/transition.js";
import { Driver, fakeSha, MINUTE, makePlan } from "./driver.js";

/** Table tests for the events the lifecycle tests only pass through, and for late or stray webhooks. */

function running() {
  const d = new Driver({ plan: makePlan([1]) });
  d.label();
  while (d.queue.length > 0 && d.queue[0]?.type !== "Dispatched") d.deliverAt(0);
  return d;
}

describe("Dispatched", () => {
  test("the run id is kept, so a cancel names the run", () => {
    const d = running();
    d.deliverAt(0);
    const runId = d.module("p1-mod1a").attempts[0]?.run_id;
    expect(runId).toEqual(expect.any(Number));
    const { effects } = d.command({ name: "abort", reason: null });
    expect(effects).toContainEqual(expect.objectContaining({ type: "CancelRun", run_id: runId }));
  });

  test("a Dispatched for an unknown attempt changes nothing", () => {
    const d = running();
    const out = d.deliver({
      type: "Dispatched",
      id: "x",
      module: "p1-mod1a",
      attempt: 9,
      nonce: "nope-nope",
      run_id: 5,
    });
    expect(out.effects).toEqual([]);
  });
});

describe("PullClosed", () => {
  test("a human closing a module PR stops the module and escalates", () => {
    const d = running();
    const m = d.module("p1-mod1a");
    const { effects } = d.deliver({ type: "PullClosed", id: "c", module: m.key, number: m.pr ?? 0 });
    expect(effects.map((e) => e.type)).toEqual(expect.arrayContaining(["CancelRun", "Escalate"]));
    expect(d.module(m.key).state).toBe("closed");
    d.command({ name: "retry", note: null });
    d.settle();
    expect(d.record?.status).toBe("done");
    expect(d.effects("OpenPullRequest")).toHaveLength(2);
  });

  test("a close of another PR number (an older PR of the module) is ignored", () => {
    const d = running();
    const out = d.deliver({ type: "PullClosed", id: "c", module: "p1-mod1a", number: 999 });
    expect(out.effects).toEqual([]);
  });
});

describe("late webhooks after a rollback", () => {
  test("PullMerged and PullOpened of the module's old PR do not touch its new life", () => {
    let fail = true;
    const d = new Driver({ plan: makePlan([1]), script: { checks: () => (fail ? "fail" : "pass") } });
    d.label();
    d.settle();
    const old = d.module("p1-mod1a").pr ?? 0;
    d.command({ name: "rollback", phase: 1 });
    d.settle();
    fail = false;
    d.command({ name: "retry", note: null });
    d.settle(3);
    const stale = [
      d.deliver({ type: "PullOpened", id: "o", module: "p1-mod1a", number: old, head_sha: fakeSha(4) }),
      d.deliver({ type: "PullMerged", id: "m", module: "p1-mod1a", number: old, merge_sha: fakeSha(5) }),
    ];
    expect(stale.flatMap((s) => s.effects)).toEqual([]);
    d.settle();
    expect(d.module("p1-mod1a").pr).not.toBe(old);
    expect(d.record?.status).toBe("done");
  });
});

describe("a rollback while a module's PR is being opened", () => {
  test("the orphan PR is closed and the module opens again after /retry", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    while (d.queue.length > 0 && d.queue[0]?.type !== "BranchCreated") d.deliverAt(0);
    const inFlight = d.queue.splice(0);
    d.command({ name: "rollback", phase: null });
    const opened = inFlight.find((e) => e.type === "PullOpened");
    if (opened?.type !== "PullOpened") throw new Error("no PullOpened");
    const late = d.deliver(opened);
    expect(late.effects).toContainEqual(expect.objectContaining({ type: "ClosePullRequest", pr: opened.number }));
    d.command({ name: "retry", note: null });
    d.settle();
    expect(d.record?.status).toBe("done");
    expect(d.effects("OpenPullRequest")).toHaveLength(2);
  });
});

describe("PullOpened after /abort", () => {
  test("a PR that opened just before the abort is closed", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    while (d.queue.length > 0 && d.queue[0]?.type !== "PullOpened") d.deliverAt(0);
    const opened = d.queue.shift();
    d.command({ name: "abort", reason: null });
    if (!opened) throw new Error("no PullOpened");
    const { effects } = d.deliver(opened);
    expect(effects).toContainEqual(expect.objectContaining({ type: "ClosePullRequest", module: "p1-mod1a" }));
    expect(effects.map((e) => e.type)).not.toContain("Dispatch");
  });
});

describe("commands in the wrong place or state", () => {
  test.each([
    ["/approve-plan on a PR", { name: "approve-plan" as const }, { kind: "pull" as const, pr: 3 }],
    [
      "/rollback of a module with no PR yet",
      { name: "rollback" as const, phase: null },
      { kind: "pull" as const, pr: 3, module: "p1-mod1a" },
    ],
    ["/rollback phase-9", { name: "rollback" as const, phase: 9 }, { kind: "issue" as const }],
    [
      "/rollback on a PR of an earlier plan",
      { name: "rollback" as const, phase: null },
      { kind: "pull" as const, pr: 3, module: "p1-gone" },
    ],
  ])("%s: 😕 and a reply", (_, command, where) => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle(2);
    const { effects } = d.command(command, where);
    expect(effects.slice(0, 2)).toEqual([
      expect.objectContaining({ type: "React", content: "confused" }),
      expect.objectContaining({ type: "Comment" }),
    ]);
  });

  test("commands on a done task are answered, not obeyed", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle();
    const { effects } = d.command({ name: "retry", note: null });
    expect(effects[0]).toMatchObject({ type: "React", content: "confused" });
    expect(d.record?.status).toBe("done");
  });

  test("events on an aborted task are recorded as seen and decide nothing", () => {
    const d = running();
    d.command({ name: "abort", reason: null });
    d.settle();
    expect(d.tick(120).effects).toEqual([]);
  });
});

describe("pause", () => {
  test("a result arriving while paused is kept; its failure waits for the resume", () => {
    const d = new Driver({ plan: makePlan([1]), script: { result: (_m, a) => (a === 1 ? "incomplete" : "done") } });
    d.label();
    while (d.queue.length > 0 && d.queue[0]?.type !== "Dispatched") d.deliverAt(0);
    d.deliver({ type: "LabelRemoved", id: "un", sender: "maria" });
    d.settle();
    expect(d.module("p1-mod1a")).toMatchObject({ state: "backoff" });
    expect(d.module("p1-mod1a").attempts[0]?.result?.status).toBe("incomplete");
    expect(d.effects("Dispatch")).toHaveLength(1);
    d.label();
    d.settle();
    expect(d.effects("Dispatch")).toHaveLength(2);
    expect(d.record?.status).toBe("done");
  });

  test("paused with a dispatch still in the outbox: it is withdrawn, never sent, and the resume dispatches anew", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    while (d.queue.length > 0 && !d.history.at(-1)?.effects.some((e) => e.type === "Dispatch")) d.deliverAt(0);
    // The record as saved with the dispatch pending: GitHub refused it for now, so it is still in the outbox.
    const unsent = d.history.at(-1)?.after ?? null;
    const withdrawn = unsent?.outbox.find((e) => e.type === "Dispatch");
    expect(withdrawn).toBeDefined();
    const paused = transition(unsent, { type: "LabelRemoved", id: "un", sender: "maria" }, d.ctx);
    expect(paused.record?.status).toBe("paused");
    expect(paused.record?.outbox.filter((e) => e.type === "Dispatch")).toEqual([]);
    const m = paused.record?.modules.find((x) => x.key === "p1-mod1a");
    expect(m).toMatchObject({ state: "backoff" });
    expect(m?.attempts.map((a) => [a.number, a.state, a.charged])).toEqual([[1, "cancelled", false]]);
    // Nothing a paused task does sends it: not the sweep, not a late check.
    const ticked = transition(paused.record, { type: "Tick", id: "tick:1" }, { ...d.ctx, now: d.now + 60 * MINUTE });
    expect(ticked.effects.filter((e) => e.type === "Dispatch")).toEqual([]);
    d.record = ticked.record;
    d.queue = [];
    d.label();
    const again = d.effects("Dispatch").filter((e) => e.id !== withdrawn?.id);
    expect(again).toMatchObject([{ type: "Dispatch", attempt: 2 }]);
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("a plan that arrives while paused is kept and starts on resume", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.deliver({ type: "LabelRemoved", id: "un", sender: "maria" });
    d.settle();
    expect(d.record).toMatchObject({ status: "paused", paused_from: "running" });
    expect(d.effects("CreateBranch")).toHaveLength(0);
    d.label();
    d.settle();
    expect(d.record?.status).toBe("done");
  });
});
