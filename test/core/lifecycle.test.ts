import { describe, expect, test } from "vitest";
import { Config, type Role } from "../../src/config/schema.js";
import type { Event } from "../../src/core/events.js";
import { TaskRecord } from "../../src/core/record.js";
import { transition } from "../../src/core/transition.js";
import { Driver, fakeSha, MINUTE, makePlan, makeResult, START } from "./driver.js";

const types = (effects: { type: string }[]) => effects.map((e) => e.type);

describe("start", () => {
  test("a writer's label: 👀, conductor:running, dashboard, and the plan is requested", () => {
    const d = new Driver();
    const { effects, after } = d.label("write");
    expect(types(effects)).toEqual(["React", "SetLabels", "RequestPlan", "UpsertDashboard"]);
    expect(effects[0]).toMatchObject({ target: { kind: "issue" }, content: "eyes" });
    expect(effects[1]).toMatchObject({ add: ["conductor:running"] });
    expect(after?.status).toBe("planning");
    expect(TaskRecord.safeParse(after).success).toBe(true);
  });

  test.each(["read", "triage", null] as const)("a label by %s creates no task and gets one polite reply", (role) => {
    const d = new Driver();
    const { effects, after } = d.label(role, "mallory");
    expect(after).toBeNull();
    expect(types(effects)).toEqual(["Comment"]);
    expect(effects[0]).toMatchObject({ body: expect.stringContaining("@mallory") });
  });

  const configInvalid = (role: Role | null) =>
    transition(
      null,
      {
        type: "ConfigInvalid",
        id: "d1",
        issue: 42,
        errors: ["gates.review: bad", "limits.max_parallel: bad"],
        sender: "mallory",
        role,
        cause: { kind: "label", label: "go" },
      },
      { now: START, config: Config.parse({}) },
    );

  test("an invalid config is answered with every bad key and nothing runs", () => {
    const out = configInvalid("write");
    expect(out.record).toBeNull();
    expect(out.effects).toHaveLength(1);
    expect(out.effects[0]).toMatchObject({ type: "Comment", body: expect.stringContaining("limits.max_parallel") });
  });

  test.each(["triage", null] as const)("an invalid config, labelled by %s: the refusal, not the keys", (role) => {
    const out = configInvalid(role);
    expect(out.record).toBeNull();
    expect(out.effects).toHaveLength(1);
    expect(out.effects[0]).toMatchObject({ type: "Comment", body: expect.stringContaining("`go` label was not") });
    expect(out.effects[0]).not.toMatchObject({ body: expect.stringContaining("limits.max_parallel") });
  });

  test("/retry while the config is invalid: the keys for a writer, the refusal for a reader", () => {
    const d = new Driver();
    d.label();
    const retry = (role: Role, comment_id: number) =>
      d.deliver({
        type: "ConfigInvalid",
        id: `c${comment_id}`,
        issue: 42,
        errors: ["gates.review: bad"],
        sender: "jo",
        role,
        cause: { kind: "retry", comment_id, where: { kind: "issue" } },
      }).effects;
    expect(retry("write", 5)).toContainEqual(
      expect.objectContaining({ type: "Comment", body: expect.stringContaining("gates.review") }),
    );
    const refused = retry("read", 6);
    expect(refused).toContainEqual(expect.objectContaining({ type: "React", content: "-1" }));
    expect(refused).toContainEqual(
      expect.objectContaining({ type: "Comment", body: expect.stringContaining("needs the `write` role") }),
    );
    expect(JSON.stringify(refused)).not.toContain("gates.review");
  });

  test("events for an issue with no task decide nothing", () => {
    const out = transition(null, { type: "Tick", id: "t" }, { now: START, config: Config.parse({}) });
    expect(out).toEqual({ record: null, effects: [] });
  });
});

describe("plan", () => {
  test("plan.approval: required waits for /approve-plan", () => {
    const d = new Driver({ config: { plan: { approval: "required" } } });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("awaiting_approval");
    expect(d.effects("CreateBranch")).toHaveLength(0);
    expect(d.effects("Comment").at(-1)?.body).toContain("/approve-plan");
    d.command({ name: "approve-plan" });
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("more modules than limits.max_modules is a plan error and nothing starts", () => {
    const d = new Driver({ plan: makePlan([3, 2]), config: { limits: { max_modules: 4 } } });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("planning");
    expect(d.record?.plan_errors[0]).toContain("limits.max_modules allows 4");
    expect(d.effects("CreateBranch")).toHaveLength(0);
  });

  test("a failed spec is reported with its lines; an edit of the issue reads it again", () => {
    const d = new Driver();
    d.label();
    d.queue = [];
    const failed = d.deliver({ type: "PlanFailed", id: "p1", errors: ["line 14: phase 2 lists module x twice"] });
    expect(failed.effects[0]).toMatchObject({ type: "Comment", body: expect.stringContaining("line 14") });
    const edited = d.deliver({ type: "IssueEdited", id: "e1", body: "fixed", sender: "maria", role: "write" });
    expect(types(edited.effects)).toContain("RequestPlan");
  });

  test.each(["triage", "read", null] as const)(
    "an edit of a broken spec by %s does not re-plan; it is logged",
    (role) => {
      const d = new Driver();
      d.label();
      d.queue = [];
      d.deliver({ type: "PlanFailed", id: "p1", errors: ["line 14: phase 2 lists module x twice"] });
      const edited = d.deliver({ type: "IssueEdited", id: "e1", body: "mine now", sender: "mallory", role });
      expect(types(edited.effects)).not.toContain("RequestPlan");
      expect(d.record?.last_edit).toMatchObject({ by: "mallory", role });
      expect(d.record?.log.at(-1)?.text).toContain("issue edited by @mallory");
    },
  );
});

describe("phases and modules", () => {
  test("the integration branch is created from the base, module branches from its head", () => {
    const d = new Driver();
    d.label();
    d.settle(3);
    const [integration, ...modules] = d.effects("CreateBranch");
    expect(integration).toMatchObject({ branch: "conductor/42/integration", from: { branch: "main" }, module: null });
    const head = d.record?.initial_sha;
    expect(head).toBeTruthy();
    expect(modules.map((b) => b.branch)).toEqual(["conductor/42/p1-mod1a", "conductor/42/p1-mod1b"]);
    expect(modules.every((b) => "sha" in b.from && b.from.sha === head)).toBe(true);
  });

  test("draft PR with the brief, then a dispatch with attempt 1 and the brief's nonce", () => {
    const d = new Driver();
    d.label();
    d.settle(6);
    const open = d.effects("OpenPullRequest")[0];
    expect(open).toMatchObject({
      title: "[conductor #42] Phase 1: mod1a",
      base: "conductor/42/integration",
      head: "conductor/42/p1-mod1a",
      draft: true,
    });
    expect(open?.brief).toMatchObject({ task: 42, phase: 1, attempt: 1, mode: "implement", test_command: "npm test" });
    d.settle();
    const dispatch = d.effects("Dispatch")[0];
    expect(dispatch).toMatchObject({
      module: "p1-mod1a",
      attempt: 1,
      nonce: open?.brief.nonce,
      workflow: "conductor-executor.yml",
    });
    expect(dispatch?.ref).toBe("conductor/42/p1-mod1a");
    // The PR was opened with exactly this attempt's brief: no rewrite before the first dispatch.
    expect(d.effects("UpdateBrief").filter((e) => e.module === "p1-mod1a" && e.brief.attempt === 1)).toHaveLength(0);
  });

  test("limits.max_parallel caps the modules in flight", () => {
    const d = new Driver({ plan: makePlan([3]), config: { limits: { max_parallel: 2 } } });
    d.label();
    for (let i = 0; i < 8; i++) d.deliverAt(0);
    expect(d.effects("OpenPullRequest").map((e) => e.module)).toEqual(["p1-mod1a", "p1-mod1b"]);
    d.settle();
    expect(d.effects("OpenPullRequest")).toHaveLength(3);
    expect(d.record?.status).toBe("done");
  });

  test("integration: false — modules target the base branch and no final PR is opened", () => {
    const d = new Driver({ config: { integration: false } });
    d.label();
    d.settle();
    expect(d.effects("CreateBranch")[0]).toMatchObject({ from: { branch: "main" }, module: "p1-mod1a" });
    expect(d.effects("OpenPullRequest").every((e) => e.base === "main")).toBe(true);
    expect(d.effects("OpenFinalPullRequest")).toHaveLength(0);
    expect(d.record?.status).toBe("done");
  });

  test("no module of phase 2 opens before phase 1's checkpoint; phase 2 starts from the checkpoint SHA", () => {
    const d = new Driver();
    d.label();
    d.settle();
    const order = d.history.flatMap((h) => h.effects).map((e) => `${e.type}:${"module" in e ? e.module : ""}`);
    const checkpoint = order.indexOf("RecordCheckpoint:");
    expect(order.findIndex((x) => x.startsWith("CreateBranch:p2"))).toBeGreaterThan(checkpoint);
    const cp = d.record?.checkpoints[0];
    const branch = d.effects("CreateBranch").find((b) => b.module === "p2-mod2a");
    expect(branch?.from).toEqual({ sha: cp?.sha });
    expect(d.record?.log.some((l) => l.text.startsWith("Phase 1: go"))).toBe(true);
  });

  test("done: final PR integration → base closing the issue, label conductor:done", () => {
    const d = new Driver();
    d.label();
    d.settle();
    expect(d.effects("OpenFinalPullRequest")).toEqual([
      expect.objectContaining({ head: "conductor/42/integration", base: "main", closes: 42 }),
    ]);
    expect(d.effects("SetLabels").at(-1)).toMatchObject({ add: ["conductor:done"] });
    expect(d.record?.final_pr).not.toBeNull();
    expect(d.record?.checkpoints.map((c) => c.phase)).toEqual([1, 2]);
  });
});

/** Drive one module to "result posted, nothing else yet" and return the pieces. */
function untilResult(config = {}) {
  const d = new Driver({ plan: makePlan([1]), config });
  d.label();
  while (d.queue.length > 0 && d.queue[0]?.type !== "PullSynchronized") d.deliverAt(0);
  const results = d.queue.filter((e): e is Extract<Event, { type: "ResultPosted" }> => e.type === "ResultPosted");
  const result = results[0];
  if (!result) throw new Error("no result queued");
  d.queue = [];
  return { d, result };
}

describe("results and gates", () => {
  test("a result not posted by the app is ignored", () => {
    const { d, result } = untilResult();
    const { effects } = d.deliver({ ...result, author_is_app: false });
    expect(types(effects)).not.toContain("CreateVerifyCheck");
    expect(d.module("p1-mod1a").attempts[0]?.state).toBe("running");
  });

  test.each([
    ["another nonce", { nonce: "forged-nonce" }],
    ["another attempt", { attempt: 2 }],
    ["another task", { task: 7 }],
  ])("a result with %s is ignored", (_, change) => {
    const { d, result } = untilResult();
    const { effects } = d.deliver({ ...result, result: { ...result.result, ...change } });
    expect(types(effects)).not.toContain("CreateVerifyCheck");
    expect(d.module("p1-mod1a").attempts[0]?.result).toBeNull();
  });

  test("green needs result, verify and checks for the same SHA; then Merge with exactly that SHA", () => {
    const { d, result } = untilResult();
    const sha = result.result.head_sha;
    const checks = { pending: [], passed: ["test"], failed: [], none_seen: false };
    // Checks first (order is not assumed), for another SHA and then for ours.
    d.deliver({ type: "ChecksCompleted", id: "c0", module: "p1-mod1a", head_sha: fakeSha(9), checks });
    d.deliver({ type: "ChecksCompleted", id: "c1", module: "p1-mod1a", head_sha: sha, checks });
    expect(d.effects("Merge")).toHaveLength(0);
    d.deliver(result);
    expect(d.module("p1-mod1a").gate?.status).toBe("pending");
    const verified = d.deliver({ type: "VerifyCompleted", id: "v1", module: "p1-mod1a", head_sha: sha, findings: [] });
    expect(verified.effects.find((e) => e.type === "Merge")).toMatchObject({
      sha,
      pr: d.module("p1-mod1a").pr,
      method: "squash",
    });
    expect(d.module("p1-mod1a").gate).toMatchObject({ head_sha: sha, status: "green" });
  });

  test("a pending check keeps the gate pending", () => {
    const { d, result } = untilResult();
    const sha = result.result.head_sha;
    d.deliver(result);
    d.deliver({ type: "VerifyCompleted", id: "v1", module: "p1-mod1a", head_sha: sha, findings: [] });
    const checks = { pending: ["lint"], passed: ["test"], failed: [], none_seen: false };
    d.deliver({ type: "ChecksCompleted", id: "c1", module: "p1-mod1a", head_sha: sha, checks });
    expect(d.module("p1-mod1a").gate?.status).toBe("pending");
    expect(d.effects("Merge")).toHaveLength(0);
  });

  test("gates.checks names the required checks; others do not count", () => {
    const { d, result } = untilResult({ gates: { checks: ["build"] } });
    const sha = result.result.head_sha;
    d.deliver(result);
    d.deliver({ type: "VerifyCompleted", id: "v1", module: "p1-mod1a", head_sha: sha, findings: [] });
    const failedLint = { name: "lint", conclusion: "failure", summary: "", annotations: [] };
    d.deliver({
      type: "ChecksCompleted",
      id: "c1",
      module: "p1-mod1a",
      head_sha: sha,
      checks: { pending: [], passed: ["build"], failed: [failedLint], none_seen: false },
    });
    expect(d.effects("Merge")).toHaveLength(1);
  });

  test("gates.review: required waits for an approving review of that head", () => {
    const d = new Driver({ plan: makePlan([1]), config: { gates: { review: "required" } } });
    d.label();
    d.settle();
    const m = d.module("p1-mod1a");
    expect(m.state).toBe("green");
    expect(d.effects("Merge")).toHaveLength(0);
    const head = m.head_sha ?? "";
    d.deliver({
      type: "ReviewSubmitted",
      role: "write",
      id: "r0",
      module: m.key,
      head_sha: fakeSha(5),
      state: "approved",
      reviewer: "bo",
    });
    expect(d.effects("Merge")).toHaveLength(0);
    d.deliver({
      type: "ReviewSubmitted",
      role: "write",
      id: "r1",
      module: m.key,
      head_sha: head,
      state: "approved",
      reviewer: "bo",
    });
    expect(d.effects("Merge")).toEqual([expect.objectContaining({ sha: head })]);
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  describe("review states (gates.review: required)", () => {
    /** A module whose checks never finish, so approvals are kept without a merge following them. */
    function waiting() {
      const d = new Driver({
        plan: makePlan([1]),
        config: { gates: { review: "required" } },
        script: { checks: () => "pending" },
      });
      d.label();
      d.settle();
      const m = d.module("p1-mod1a");
      const head = m.head_sha ?? "";
      const review = (id: string, state: "approved" | "changes_requested" | "commented" | "dismissed", o = {}) =>
        d.deliver({
          type: "ReviewSubmitted",
          role: "write",
          id,
          module: m.key,
          head_sha: head,
          state,
          reviewer: "bo",
          ...o,
        });
      return { d, head, review };
    }

    test("a comment-only review does not revoke an approval", () => {
      const { d, head, review } = waiting();
      review("r1", "approved");
      review("r2", "commented");
      expect(d.module("p1-mod1a").approved_sha).toBe(head);
    });

    test("a dismissed approval revokes it, unless another reviewer's approval is left", () => {
      const { d, head, review } = waiting();
      review("r1", "approved");
      review("r2", "approved", { reviewer: "cy" });
      review("r3", "dismissed");
      expect(d.module("p1-mod1a").approved_sha).toBe(head);
      review("r4", "dismissed", { reviewer: "cy" });
      expect(d.module("p1-mod1a").approved_sha).toBeNull();
      expect(d.record?.log.at(-1)?.text).toContain("dismissed");
    });

    test("an approval of an older head never replaces the current head's approval", () => {
      const { d, head, review } = waiting();
      review("r1", "approved");
      review("r2", "approved", { head_sha: fakeSha(77), reviewer: "cy" });
      expect(d.module("p1-mod1a").approved_sha).toBe(head);
    });
  });

  test("merges are serialized: one Merge in flight per task", () => {
    const d = new Driver({ plan: makePlan([2]) });
    d.label();
    d.settle(12);
    const merging = d.record?.modules.filter((m) => m.state === "merging") ?? [];
    expect(merging.length).toBeLessThanOrEqual(1);
    d.settle();
    expect(d.effects("Merge")).toHaveLength(2);
  });
});

describe("idempotency", () => {
  test("the same event id twice: same record, no effects", () => {
    const d = new Driver();
    d.label();
    d.settle(5);
    const last = d.history.at(-1);
    if (!last) throw new Error("no history");
    const again = transition(d.record, last.event, d.ctx);
    expect(again.effects).toEqual([]);
    expect(again.record).toBe(d.record);
  });

  test("the same fact under another id decides nothing new", () => {
    const d = new Driver();
    d.label();
    d.settle(4);
    const opened = d.history.find((h) => h.event.type === "PullOpened");
    if (!opened) throw new Error("no PullOpened");
    const again = transition(d.record, { ...opened.event, id: "webhook-copy" }, d.ctx);
    expect(again.effects).toEqual([]);
  });

  test("every effect id is unique over a whole run", () => {
    const d = new Driver({ plan: makePlan([2, 2, 1]) });
    d.label();
    d.settle();
    const ids = d.history.flatMap((h) => h.effects.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("a result posted while nothing waits for it (a late duplicate) changes nothing", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle();
    const result = makeResult({ issue: 42, module: "mod1a", attempt: 1, nonce: "x".repeat(8), head_sha: fakeSha(3) });
    d.now = START + 5 * MINUTE;
    const out = d.deliver({
      type: "ResultPosted",
      id: "late",
      module: "p1-mod1a",
      comment_id: 999,
      result,
      author_is_app: true,
    });
    expect(out.effects).toEqual([]);
  });
});
