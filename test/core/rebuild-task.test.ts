/**
 * The pure rebuild of a task record from what GitHub shows (src/core/rebuild-task.ts) and the decisions for a
 * task whose record is unreadable (src/core/unreadable.ts): the semantics docs/commands.md#reset-rebuilding-an-unreadable-record
 * writes down, one row each.
 */
import { describe, expect, test } from "vitest";
import { Config } from "../../src/config/schema.js";
import type { EventOf } from "../../src/core/events.js";
import { attemptNonce } from "../../src/core/ids.js";
import { ALWAYS_LOST, rebuildTask } from "../../src/core/rebuild-task.js";
import { TaskRecord } from "../../src/core/record.js";
import type { PullFact, TaskFacts } from "../../src/core/task-facts.js";
import { decideUnreadable, type Unreadable } from "../../src/core/unreadable.js";
import type { Brief } from "../../src/protocol/brief.js";
import { fakeSha, makePlan, makeResult, START } from "./driver.js";

const config = Config.parse({});
const ctx = { now: START, config };
const ISSUE = 7;
const SEED = "abc123";
const nonce = (key: string, n: number) => attemptNonce({ seed: SEED, issue: ISSUE }, key, n);

function brief(key: string, attempt: number): Brief {
  return {
    version: 1,
    task: ISSUE,
    phase: Number(key.slice(1, key.indexOf("-"))),
    module: key,
    attempt,
    nonce: nonce(key, attempt),
    mode: "implement",
    instructions: "",
    success_criteria: [],
    gotchas: [],
    test_command: null,
    paths: [],
    protected_paths: [],
    items: [{ id: "work", severity: "major", issue: "do it", fix: "", verification: "" }],
    feedback: [],
    budget: { turns: 10, tokens: 1000, usd: 1, minutes: 10 },
    model: "m",
  };
}

const result = (
  key: string,
  attempt: number,
  over: Parameters<typeof makeResult>[0] extends infer F ? Partial<F> : never = {},
) => ({
  comment_id: 100 + attempt,
  result: makeResult({
    issue: ISSUE,
    module: key,
    attempt,
    nonce: nonce(key, attempt),
    head_sha: fakeSha(50 + attempt),
    ...over,
  }),
});

function pull(number: number, key: string, over: Partial<PullFact> = {}): PullFact {
  return {
    number,
    state: "open",
    merged: false,
    merge_sha: null,
    head_sha: fakeSha(number),
    brief: brief(key, 1),
    results: [],
    ...over,
  };
}

function facts(over: Partial<TaskFacts> = {}): TaskFacts {
  return {
    issue: ISSUE,
    issue_open: true,
    labels: ["orchestrate", "conductor:running"],
    assignees: [],
    default_branch: "main",
    plan: makePlan([2, 1]),
    plan_from: "issue",
    plan_errors: [],
    integration: { head: fakeSha(9), fork_point: fakeSha(1) },
    checkpoints: [],
    pulls: {},
    ...over,
  };
}

const command = (name: "reset" | "abort", id = 500): EventOf<"CommandReceived"> => ({
  type: "CommandReceived",
  id: `delivery-${id}`,
  comment_id: id,
  command: name === "reset" ? { name } : { name, reason: null },
  sender: "maintainer",
  role: "maintain",
  where: { kind: "issue" },
});

describe("rebuildTask", () => {
  test("merged, open with a result, open still running, pending: each module as GitHub shows it; the record is valid", () => {
    const t = rebuildTask(
      facts({
        pulls: {
          "p1-mod1a": [
            pull(11, "p1-mod1a", {
              state: "closed",
              merged: true,
              merge_sha: fakeSha(20),
              brief: brief("p1-mod1a", 2),
              results: [result("p1-mod1a", 1, { status: "failed" }), result("p1-mod1a", 2)],
            }),
          ],
          "p1-mod1b": [
            pull(12, "p1-mod1b", {
              brief: brief("p1-mod1b", 1),
              results: [result("p1-mod1b", 1, { head_sha: fakeSha(12) })],
            }),
          ],
        },
      }),
      command("reset"),
      ctx,
    );
    expect(() => TaskRecord.parse(t.record)).not.toThrow();
    const [a, b, c] = t.record.modules;
    expect(a).toMatchObject({ state: "merged", pr: 11, merge_sha: fakeSha(20) });
    // A result that is not done is a charged attempt; a done one with tokens is charged too.
    expect(a?.attempts.map((x) => [x.number, x.state, x.charged])).toEqual([
      [1, "failed", true],
      [2, "done", true],
    ]);
    // The running attempt's result is replayed: verify is asked for again on the head it names.
    expect(b).toMatchObject({ state: "verifying", pr: 12, head_sha: fakeSha(12) });
    expect(t.effects).toContainEqual(
      expect.objectContaining({ type: "CreateVerifyCheck", module: "p1-mod1b", head_sha: fakeSha(12) }),
    );
    expect(c).toMatchObject({ state: "pending", pr: null });
    expect(t.record).toMatchObject({
      status: "running",
      seed: SEED,
      initial_sha: fakeSha(1),
      integration_head: fakeSha(9),
    });
    expect(t.record.cost_usd).toBe(1.5);
    const reply = t.effects.find((e) => e.type === "Comment");
    expect(reply && "body" in reply && reply.body).toContain("3 modules (1 merged, 1 with an open PR)");
    for (const lost of ALWAYS_LOST) expect(reply && "body" in reply && reply.body).toContain(lost);
    expect(t.effects).toContainEqual(expect.objectContaining({ type: "SetLabels", add: ["conductor:running"] }));
    expect(t.record.seen_comments).toEqual([500]);
  });

  test("an open PR whose brief's attempt has no result yet: that attempt runs, the earlier ones are history", () => {
    const t = rebuildTask(
      facts({
        pulls: {
          "p1-mod1a": [
            pull(11, "p1-mod1a", {
              brief: brief("p1-mod1a", 2),
              results: [result("p1-mod1a", 1, { status: "incomplete" })],
            }),
          ],
        },
      }),
      command("reset"),
      ctx,
    );
    const m = t.record.modules[0];
    expect(m?.state).toBe("running");
    expect(m?.attempts.map((x) => [x.number, x.state, x.nonce])).toEqual([
      [1, "failed", nonce("p1-mod1a", 1)],
      [2, "running", nonce("p1-mod1a", 2)],
    ]);
  });

  test("results whose nonce is of another generation (an earlier plan) are not the module's", () => {
    const stranger = {
      comment_id: 99,
      result: makeResult({
        issue: ISSUE,
        module: "p1-mod1a",
        attempt: 1,
        nonce: `zzz-${ISSUE}-p1-mod1a-a1`,
        head_sha: fakeSha(3),
      }),
    };
    const t = rebuildTask(
      facts({ pulls: { "p1-mod1a": [pull(11, "p1-mod1a", { results: [stranger] })] } }),
      command("reset"),
      ctx,
    );
    expect(t.record.modules[0]?.attempts.map((a) => a.state)).toEqual(["running"]);
    expect(t.record.cost_usd).toBe(0);
  });

  test("a module whose PR was closed unmerged waits for /retry: the task is blocked and says why", () => {
    const t = rebuildTask(
      facts({ pulls: { "p1-mod1a": [pull(11, "p1-mod1a", { state: "closed" })] } }),
      command("reset"),
      ctx,
    );
    expect(t.record.modules[0]).toMatchObject({ state: "closed", old_prs: [11] });
    expect(t.record.status).toBe("blocked");
    expect(t.effects).toContainEqual(expect.objectContaining({ type: "Escalate" }));
  });

  test("without the trigger label the rebuilt task is paused", () => {
    const t = rebuildTask(facts({ labels: ["conductor:running"] }), command("reset"), ctx);
    expect(t.record).toMatchObject({ status: "paused", paused_from: "running" });
  });

  test("on a closed issue /reset aborts, as closing the issue would have", () => {
    const t = rebuildTask(
      facts({ issue_open: false, pulls: { "p1-mod1a": [pull(11, "p1-mod1a")] } }),
      command("reset"),
      ctx,
    );
    expect(t.record.status).toBe("aborted");
    expect(t.effects).toContainEqual(expect.objectContaining({ type: "ClosePullRequest", pr: 11 }));
  });

  test("/abort: the rebuilt task is aborted; the running attempt is cancelled by its brief's nonce, its PR closed", () => {
    const t = rebuildTask(facts({ pulls: { "p1-mod1a": [pull(11, "p1-mod1a")] } }), command("abort"), ctx);
    expect(t.record.status).toBe("aborted");
    expect(t.effects).toContainEqual(
      expect.objectContaining({ type: "CancelRun", nonce: nonce("p1-mod1a", 1), run_id: null }),
    );
    expect(t.effects).toContainEqual(expect.objectContaining({ type: "ClosePullRequest", pr: 11 }));
    expect(t.effects).toContainEqual(expect.objectContaining({ type: "SetLabels", add: ["conductor:aborted"] }));
    expect(t.effects.some((e) => e.type === "OpenPullRequest" || e.type === "Dispatch")).toBe(false);
    expect(() => TaskRecord.parse(t.record)).not.toThrow();
  });

  test("with plan.approval: required and no module started, the plan waits for /approve-plan again", () => {
    const required = Config.parse({ plan: { approval: "required" } });
    const t = rebuildTask(facts(), command("reset"), { now: START, config: required });
    expect(t.record.status).toBe("awaiting_approval");
    expect(t.effects.some((e) => e.type === "CreateBranch" || e.type === "OpenPullRequest")).toBe(false);
    const started = rebuildTask(facts({ pulls: { "p1-mod1a": [pull(11, "p1-mod1a")] } }), command("reset"), {
      now: START,
      config: required,
    });
    expect(started.record.status).toBe("running");
  });

  test("no plan anywhere: the plan is requested again, and the reply says so", () => {
    const t = rebuildTask(facts({ plan: null, plan_from: null }), command("reset"), ctx);
    expect(t.record.status).toBe("planning");
    expect(t.effects).toContainEqual(expect.objectContaining({ type: "RequestPlan" }));
    const reply = t.effects.find((e) => e.type === "Comment");
    expect(reply && "body" in reply && reply.body).toMatch(/no plan/);
  });
});

describe("decideUnreadable", () => {
  const u: Unreadable = {
    issue: ISSUE,
    branch: "conductor/state",
    path: "tasks/7.json",
    version: "f".repeat(40),
    problems: ["$.status: Invalid option"],
  };
  const received = (
    name: "status" | "retry" | "reset" | "abort",
    role: "read" | "write" | null,
    id: number,
  ): EventOf<"CommandReceived"> => ({
    ...command("reset", id),
    command: name === "retry" ? { name, note: null } : name === "abort" ? { name, reason: null } : { name },
    role,
    sender: "someone",
  });

  test("every non-command event does nothing; the notice names the file, the problem and the three ways out", () => {
    const d = decideUnreadable(u, [{ type: "Tick", id: "tick:1" }], ctx);
    expect(d.effects).toEqual([]);
    expect(d.rebuild).toBeNull();
    expect(d.notice).toContain("`tasks/7.json` on the branch `conductor/state`");
    expect(d.notice).toContain("- $.status: Invalid option");
    for (const way of ["Fix the file", "`/reset`", "`/abort`"]) expect(d.notice).toContain(way);
  });

  test("/status answers that the record is unreadable; /retry is refused with the way out; /reset without write is denied", () => {
    const d = decideUnreadable(
      u,
      [received("status", "read", 1), received("retry", "write", 2), received("reset", "read", 3)],
      ctx,
    );
    const bodies = d.effects.flatMap((e) => (e.type === "Comment" ? [e.body] : []));
    expect(bodies[0]).toMatch(/record is unreadable/);
    expect(bodies[1]).toMatch(/`\/retry`: the task's record is unreadable .* `\/reset` .* `\/abort`/);
    expect(bodies[2]).toBe("@someone `/reset` needs the `write` role; you have `read`.");
    expect(d.effects.flatMap((e) => (e.type === "React" ? [e.content] : []))).toEqual(["eyes", "confused", "-1"]);
    expect(d.rebuild).toBeNull();
  });

  test("a permitted /abort or /reset asks for the rebuild (the first one)", () => {
    const d = decideUnreadable(u, [received("abort", "write", 4), received("reset", "write", 5)], ctx);
    expect(d.rebuild?.comment_id).toBe(4);
  });
});
