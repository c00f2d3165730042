import { describe, expect, test } from "vitest";
import type { Effect } from "../../src/core/effects.js";
import { Driver, makePlan } from "./driver.js";

const on = { tracking: { sub_issues: true } };
const types = (effects: readonly Effect[]) => effects.map((e) => e.type);

describe("sub-issues (docs/task-graph.md#sub-issues)", () => {
  test("off by default: no sub-issue is asked for", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("done");
    expect(d.effects("OpenSubIssue")).toEqual([]);
    expect(d.record?.modules[0]?.sub_issue).toBeNull();
  });

  test("every module's sub-issue is asked for when the plan runs, titled like its PR; a PR opens only after its sub-issue", () => {
    const d = new Driver({ plan: makePlan([2, 1]), config: on });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("done");
    const asked = d.effects("OpenSubIssue");
    expect(asked.map((e) => e.module)).toEqual(["p1-mod1a", "p1-mod1b", "p2-mod2a"]);
    const titles = new Map(d.effects("OpenPullRequest").map((e) => [e.module, e.title]));
    for (const e of asked) expect(e.title).toBe(titles.get(e.module));
    // Each PR is decided in a later delivery than its module's SubIssueOpened.
    for (const key of ["p1-mod1a", "p1-mod1b", "p2-mod2a"]) {
      const linked = d.history.findIndex((h) => h.event.type === "SubIssueOpened" && h.event.module === key);
      const opened = d.history.findIndex((h) =>
        h.effects.some((e) => e.type === "OpenPullRequest" && e.module === key),
      );
      expect(linked).toBeGreaterThanOrEqual(0);
      expect(opened).toBeGreaterThan(linked);
    }
  });

  test("each sub-issue closes as completed when its module merges", () => {
    const d = new Driver({ plan: makePlan([2]), config: on });
    d.label();
    d.settle();
    const closes = d.effects("SetSubIssueState");
    expect(closes.map((e) => [e.module, e.state, e.reason])).toEqual([
      ["p1-mod1a", "closed", "completed"],
      ["p1-mod1b", "closed", "completed"],
    ]);
    expect(closes.map((e) => e.number)).toEqual(d.record?.modules.map((m) => m.sub_issue?.number));
    expect(d.record?.modules.map((m) => m.sub_issue?.open)).toEqual([false, false]);
  });

  test("/rollback reopens the sub-issues of the merges it undoes, and the next merge closes them again", () => {
    const d = new Driver({
      plan: makePlan([1, 1]),
      config: on,
      script: { result: (m) => (m === "p2-mod2a" ? "none" : "done") },
    });
    d.label();
    d.settle(40);
    expect(d.module("p1-mod1a").state).toBe("merged");
    const rolled = d.command({ name: "rollback", phase: 1 }, { kind: "issue" });
    const reopened = rolled.effects.filter((e) => e.type === "SetSubIssueState");
    expect(reopened).toEqual([
      expect.objectContaining({
        module: "p1-mod1a",
        state: "open",
        reason: "reopened",
        number: d.module("p1-mod1a").sub_issue?.number,
      }),
    ]);
    expect(d.module("p1-mod1a").sub_issue?.open).toBe(true);
    // The second module had not merged: its sub-issue was open and stays so.
    expect(d.module("p2-mod2a").sub_issue?.open).toBe(true);
    d.settle(5);
    d.command({ name: "retry", note: null }, { kind: "issue" });
    d.settle(40);
    const states = d.effects("SetSubIssueState").filter((e) => e.module === "p1-mod1a");
    expect(states.map((e) => e.state)).toEqual(["closed", "open", "closed"]);
    expect(new Set(states.map((e) => e.id)).size).toBe(3);
  });

  test("an unavailable sub-issues API is one warning, and the modules go on without sub-issues", () => {
    const d = new Driver({ plan: makePlan([2]), config: on });
    d.label();
    d.deliverAt(0);
    expect(types(d.history.at(-1)?.effects ?? [])).toContain("OpenSubIssue");
    expect(d.effects("OpenPullRequest")).toEqual([]);
    d.queue = d.queue.filter((e) => e.type !== "SubIssueOpened");
    d.deliver({ type: "SubIssuesUnavailable", id: "effect:a", error: "404 Not Found" });
    const second = d.deliver({ type: "SubIssuesUnavailable", id: "effect:b", error: "403 Resource not accessible" });
    expect(second.after?.sub_issues_unavailable).toBe("404 Not Found");
    d.settle();
    expect(d.record?.status).toBe("done");
    expect(d.effects("OpenPullRequest")).toHaveLength(2);
    expect(d.record?.log.filter((l) => l.text.startsWith("sub-issues are unavailable"))).toHaveLength(1);
    expect(d.effects("OpenSubIssue")).toHaveLength(2);
    expect(d.effects("SetSubIssueState")).toEqual([]);
  });

  test("an OpenSubIssue given up counts as unavailable: the task does not wait for it", () => {
    const d = new Driver({ plan: makePlan([1]), config: on });
    d.label();
    d.deliverAt(0);
    const effect = d.effects("OpenSubIssue")[0];
    if (!effect) throw new Error("no OpenSubIssue");
    d.queue = d.queue.filter((e) => e.type !== "SubIssueOpened");
    const failed = d.deliver({
      type: "EffectFailed",
      id: `effect:${effect.id}:failed`,
      effect,
      error: "502 Bad Gateway",
    });
    expect(failed.after?.sub_issues_unavailable).toBe("502 Bad Gateway");
    d.settle();
    expect(d.record?.status).toBe("done");
  });

  test("the escalation of a module mentions its sub-issue's assignees; another module's are not", () => {
    const d = new Driver({
      plan: makePlan([2]),
      config: { ...on, retries: { max_attempts: 1 } },
      script: { result: (m) => (m === "p1-mod1b" ? "incomplete" : "done") },
    });
    d.label();
    d.deliverAt(0);
    // Deliver the sub-issues' answers, then their assignments, before anything else happens.
    for (let i = d.queue.findIndex((e) => e.type === "SubIssueOpened"); i >= 0; ) {
      d.deliverAt(i);
      i = d.queue.findIndex((e) => e.type === "SubIssueOpened");
    }
    const a = d.module("p1-mod1a").sub_issue?.number ?? 0;
    const b = d.module("p1-mod1b").sub_issue?.number ?? 0;
    d.deliver({ type: "SubIssueAssigned", id: "as1", module: "p1-mod1a", number: a, assignees: ["alice"] });
    d.deliver({ type: "SubIssueAssigned", id: "as2", module: "p1-mod1b", number: b, assignees: ["bob", "carol"] });
    // A copied marker on some other issue names the module but not its sub-issue: ignored.
    const forged = d.deliver({
      type: "SubIssueAssigned",
      id: "as3",
      module: "p1-mod1b",
      number: b + 100,
      assignees: ["mallory"],
    });
    expect(forged.after?.modules[1]?.sub_issue?.assignees).toEqual(["bob", "carol"]);
    d.settle();
    const escalations = d.effects("Escalate");
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.modules).toEqual(["p1-mod1b"]);
    expect(escalations[0]?.mentions).toEqual(["@ana", "@bob", "@carol"]);
    expect(escalations[0]?.summary).toMatch(/^@ana @bob @carol Conductor is \*\*blocked\*\*/);
  });

  test("/abort closes the sub-issues of unmerged modules as not planned; merged ones stay completed", () => {
    const d = new Driver({
      plan: makePlan([1, 1]),
      config: on,
      script: { result: (m) => (m === "p2-mod2a" ? "none" : "done") },
    });
    d.label();
    d.settle(40);
    expect(d.module("p1-mod1a").state).toBe("merged");
    const aborted = d.command({ name: "abort", reason: null }, { kind: "issue" });
    expect(aborted.effects.filter((e) => e.type === "SetSubIssueState")).toEqual([
      expect.objectContaining({ module: "p2-mod2a", state: "closed", reason: "not_planned" }),
    ]);
  });
});
