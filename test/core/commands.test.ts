import { describe, expect, test } from "vitest";
import { renderHelp } from "../../src/commands/table.js";
import { Driver, makePlan } from "./driver.js";

const types = (effects: { type: string }[]) => effects.map((e) => e.type);

/** A task blocked on mod1a after two identical red gates. */
function blocked(plan = makePlan([1])) {
  let fail = true;
  const d = new Driver({ plan, script: { checks: () => (fail ? "fail" : "pass") } });
  d.label();
  d.settle();
  expect(d.record?.status).toBe("blocked");
  return { d, heal: () => (fail = false) };
}

describe("acknowledgement and permissions", () => {
  test("denied: 👎 and a reply naming the role needed; nothing else", () => {
    const { d } = blocked();
    const { effects } = d.command({ name: "rollback", phase: null }, { kind: "issue" }, "write", "joe");
    expect(types(effects)).toEqual(["React", "Comment", "UpsertDashboard"]);
    expect(effects[0]).toMatchObject({ content: "-1" });
    expect(effects[1]).toMatchObject({ body: expect.stringContaining("needs the `maintain` role; you have `write`") });
  });

  test.each([{ name: "status" }, { name: "help" }] as const)(
    "no access (null role) is not `read`: /$name is refused",
    (command) => {
      const d = new Driver();
      d.label();
      const { effects } = d.command(command, { kind: "issue" }, null, "stranger");
      expect(types(effects)).toEqual(["React", "Comment", "UpsertDashboard"]);
      expect(effects[0]).toMatchObject({ content: "-1" });
      expect(effects[1]).toMatchObject({ body: expect.stringContaining("needs the `read` role; you have no access") });
    },
  );

  test("per-command minimums come from the config", () => {
    const d = new Driver({ config: { commands: { status: { permission: "write" } } } });
    d.label();
    const { effects } = d.command({ name: "status" }, { kind: "issue" }, "read");
    expect(effects[0]).toMatchObject({ type: "React", content: "-1" });
  });

  test("malformed: 😕 with the usage", () => {
    const d = new Driver();
    d.label();
    const { effects } = d.deliver({
      type: "CommandMalformed",
      id: "m1",
      comment_id: 77,
      name: "rollback",
      usage: "/rollback [phase-N]",
      sender: "joe",
      where: { kind: "issue" },
    });
    expect(effects.slice(0, 2)).toEqual([
      expect.objectContaining({ type: "React", content: "confused" }),
      expect.objectContaining({ type: "Comment", body: expect.stringContaining("/rollback [phase-N]") }),
    ]);
  });

  test("a comment id is processed once, even delivered under another id", () => {
    const { d } = blocked();
    const first = d.command({ name: "retry", note: null });
    const comment = first.event;
    if (comment.type !== "CommandReceived") throw new Error("not a command");
    const again = d.deliver({ ...comment, id: "redelivered" });
    expect(types(first.effects)).toContain("Dispatch");
    expect(again.effects).toEqual([]);
  });

  test("/status refreshes the dashboard and links it; /help replies with the table", () => {
    const d = new Driver();
    d.label();
    const status = d.command({ name: "status" }, { kind: "pull", pr: 9 }, "read");
    expect(status.effects).toContainEqual(
      expect.objectContaining({
        type: "UpsertDashboard",
        reply: { target: { kind: "pull", pr: 9 }, comment_id: expect.any(Number) },
      }),
    );
    expect(status.effects).toContainEqual(expect.objectContaining({ type: "React", content: "eyes" }));
    const help = d.command({ name: "help" }, { kind: "issue" }, "read");
    expect(help.effects).toContainEqual(expect.objectContaining({ type: "Comment", body: renderHelp(d.config) }));
  });
});

describe("/retry", () => {
  test("on a module PR: a new attempt whose brief carries the note; the episode closes", () => {
    const { d, heal } = blocked();
    heal();
    const { effects } = d.command({ name: "retry", note: "use the v2 API" }, d.onPull("p1-mod1a"));
    const brief = effects.find((e) => e.type === "UpdateBrief");
    expect(brief?.type === "UpdateBrief" && brief.brief.feedback.at(-1)?.note).toBe("use the v2 API");
    expect(effects).toContainEqual(expect.objectContaining({ type: "SetLabels", add: ["conductor:running"] }));
    expect(d.record?.escalation.open).toBe(false);
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("a retried module gets retries.max_attempts charged attempts again (a new window)", () => {
    const { d } = blocked();
    d.command({ name: "retry", note: null }, d.onPull("p1-mod1a"));
    d.settle();
    expect(d.effects("Escalate")).toHaveLength(2);
    const m = d.module("p1-mod1a");
    expect(m.attempts.map((a) => a.window)).toEqual([0, 0, 1, 1]);
  });

  test("on the issue: every stopped module of the current phase goes again", () => {
    const { d, heal } = blocked(makePlan([2]));
    heal();
    d.command({ name: "retry", note: null });
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("on a running module: 😕, it is busy", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle(5);
    const { effects } = d.command({ name: "retry", note: null }, d.onPull("p1-mod1a"));
    expect(effects).toContainEqual(expect.objectContaining({ type: "React", content: "confused" }));
    expect(types(effects)).not.toContain("Dispatch");
  });

  test("on a task with nothing stopped: 😕", () => {
    const d = new Driver();
    d.label();
    const { effects } = d.command({ name: "retry", note: null });
    expect(effects[0]).toMatchObject({ type: "React", content: "confused" });
  });
});

describe("/rollback", () => {
  test("of a module: its branch is reset to the phase base; it waits for /retry", () => {
    const { d, heal } = blocked();
    const m = d.module("p1-mod1a");
    const { effects } = d.command({ name: "rollback", phase: null }, d.onPull(m.key));
    expect(effects).toContainEqual(expect.objectContaining({ type: "ResetBranch", branch: m.branch, sha: m.base_sha }));
    expect(d.module(m.key).state).toBe("rolled_back");
    d.tick(10);
    expect(d.effects("Dispatch")).toHaveLength(2);
    heal();
    d.command({ name: "retry", note: null }, d.onPull(m.key));
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("phase-2: integration reset to phase 1's checkpoint, later PRs closed, waits for /retry", () => {
    let fail = true;
    const d = new Driver({
      plan: makePlan([1, 2]),
      script: { checks: (m) => (fail && m.startsWith("p2") ? "fail" : "pass") },
    });
    d.label();
    d.settle();
    const checkpoint = d.record?.checkpoints[0];
    const open = d.record?.modules.filter((m) => m.phase === 2 && m.pr !== null && m.state !== "merged") ?? [];
    expect(open.length).toBeGreaterThan(0);
    const { effects } = d.command({ name: "rollback", phase: 2 });
    expect(effects).toContainEqual(
      expect.objectContaining({ type: "ResetBranch", branch: "conductor/42/integration", sha: checkpoint?.sha }),
    );
    const closed = effects.filter((e) => e.type === "ClosePullRequest");
    expect(closed.map((e) => e.type === "ClosePullRequest" && e.pr)).toEqual(open.map((m) => m.pr));
    expect(d.record?.status).toBe("rolled_back");
    d.settle();
    d.tick(5);
    expect(d.record?.status).toBe("rolled_back");
    fail = false;
    d.command({ name: "retry", note: null });
    d.settle();
    expect(d.record?.status).toBe("done");
    const phase2 = d.effects("CreateBranch").filter((b) => b.module?.startsWith("p2"));
    expect(phase2.slice(-2).every((b) => "sha" in b.from && b.from.sha === checkpoint?.sha)).toBe(true);
  });

  test("with integration: false the base is never rewritten: a restore PR is opened", () => {
    const d = new Driver({ plan: makePlan([1, 1]), config: { integration: false } });
    d.label();
    d.settle();
    const checkpoint = d.record?.checkpoints[0];
    d.record = d.record && { ...d.record, status: "running" };
    const { effects } = d.command({ name: "rollback", phase: 2 });
    expect(types(effects)).not.toContain("ResetBranch");
    expect(effects).toContainEqual(
      expect.objectContaining({ type: "OpenRestorePullRequest", base: "main", to_sha: checkpoint?.sha, phase: 2 }),
    );
  });

  test("of a phase that has not started: 😕", () => {
    const d = new Driver({ plan: makePlan([1, 1]) });
    d.label();
    d.settle(4);
    const { effects } = d.command({ name: "rollback", phase: 2 });
    expect(effects[0]).toMatchObject({ type: "React", content: "confused" });
  });
});

describe("/approve-plan, /abort, pause, close", () => {
  test("/approve-plan with nothing waiting: 😕", () => {
    const d = new Driver();
    d.label();
    d.settle();
    const { effects } = d.command({ name: "approve-plan" });
    expect(effects[0]).toMatchObject({ content: "confused" });
  });

  test("/abort cancels running runs, closes open module PRs, labels conductor:aborted; nothing after", () => {
    const d = new Driver({ plan: makePlan([2]) });
    d.label();
    d.settle(9);
    const running = d.record?.modules.filter((m) => m.state === "running").map((m) => m.key) ?? [];
    expect(running.length).toBeGreaterThan(0);
    const { effects } = d.command({ name: "abort", reason: "wrong approach" });
    expect(effects.filter((e) => e.type === "CancelRun").map((e) => e.type === "CancelRun" && e.module)).toEqual(
      running,
    );
    expect(effects.filter((e) => e.type === "ClosePullRequest").length).toBeGreaterThanOrEqual(running.length);
    expect(effects).toContainEqual(expect.objectContaining({ type: "SetLabels", add: ["conductor:aborted"] }));
    const after = d.history.length;
    d.settle();
    d.tick(60);
    const later = d.history.slice(after).flatMap((h) => h.effects.map((e) => e.type));
    expect(later).not.toContain("Dispatch");
    expect(later).not.toContain("Merge");
    expect(d.record?.status).toBe("aborted");
  });

  test("closing the issue aborts", () => {
    const d = new Driver();
    d.label();
    d.settle(6);
    const { effects } = d.deliver({ type: "IssueClosed", id: "c", sender: "maria" });
    expect(effects).toContainEqual(expect.objectContaining({ type: "SetLabels", add: ["conductor:aborted"] }));
  });

  test("label removed pauses (no dispatch, no merge, results kept); re-added resumes", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle(6);
    d.deliver({ type: "LabelRemoved", id: "un", sender: "maria" });
    expect(d.record?.status).toBe("paused");
    d.settle();
    expect(d.effects("Merge")).toHaveLength(0);
    expect(d.module("p1-mod1a").state).toBe("green");
    d.label();
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("resume after a spec edit with nothing merged reads the plan again", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle(3);
    d.deliver({ type: "LabelRemoved", id: "un", sender: "maria" });
    d.deliver({ type: "IssueEdited", id: "ed", body: "## Implementation Phases\n...", sender: "maria", role: "write" });
    const { effects } = d.label();
    expect(types(effects)).toContain("RequestPlan");
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("resume after a spec edit by a non-writer keeps the plan, even after a writer's edit", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle(3);
    d.deliver({ type: "LabelRemoved", id: "un", sender: "maria" });
    d.deliver({ type: "IssueEdited", id: "ed1", body: "writer's", sender: "maria", role: "maintain" });
    d.deliver({ type: "IssueEdited", id: "ed2", body: "mallory's", sender: "mallory", role: "triage" });
    expect(d.record?.last_edit).toMatchObject({ by: "mallory", role: "triage" });
    const { effects } = d.label();
    expect(types(effects)).not.toContain("RequestPlan");
    d.settle();
    expect(d.effects("RequestPlan")).toHaveLength(1);
    expect(d.record?.status).toBe("done");
  });

  test("a label after /abort starts a new generation with fresh effect ids", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle(5);
    d.command({ name: "abort", reason: null });
    d.settle();
    const { effects } = d.label();
    expect(d.record?.generation).toBe(2);
    expect(effects.every((e) => e.id.startsWith("g2:"))).toBe(true);
    d.settle();
    expect(d.record?.status).toBe("done");
  });
});
