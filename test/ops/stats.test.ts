/**
 * Statistics: per task in the dashboard (src/github/dashboard/dashboard.ts, pure) and across tasks for /healthz
 * (src/github/dashboard/stats.ts), from records the real core produced (test/github/scenario.ts).
 */
import { describe, expect, test } from "vitest";
import { renderDashboard } from "../../src/github/dashboard/dashboard.js";
import { fleetStats, taskStats } from "../../src/github/dashboard/stats.js";
import { Scenario, START, sha } from "../github/scenario.js";

const green = { pending: [], passed: ["test"], failed: [], none_seen: false };
const red = {
  pending: [],
  passed: [],
  failed: [{ name: "lint", conclusion: "failure", summary: "2 errors", annotations: [] }],
  none_seen: false,
};

/** proto: one attempt, merged; api: a red attempt then a green one, merged; phase 2's service dispatched. */
function phaseTwo(): Scenario {
  const s = new Scenario().opened({ "p1-proto": 11, "p1-api": 12 }).reported("p1-proto", sha("d"), 700);
  s.apply({ type: "ChecksCompleted", id: "c1", module: "p1-proto", head_sha: sha("d"), checks: green });
  s.apply({ type: "PullMerged", id: "m1", module: "p1-proto", number: 11, merge_sha: sha("1") });
  s.reported("p1-api", sha("2"), 701);
  s.apply({ type: "ChecksCompleted", id: "c2", module: "p1-api", head_sha: sha("2"), checks: red });
  s.reported("p1-api", sha("3"), 702);
  s.apply({ type: "ChecksCompleted", id: "c3", module: "p1-api", head_sha: sha("3"), checks: green });
  s.apply({ type: "PullMerged", id: "m2", module: "p1-api", number: 12, merge_sha: sha("e") });
  return s.opened({ "p2-service": 13 });
}

describe("taskStats", () => {
  const record = phaseTwo().record;
  const stats = taskStats(record, START + 95 * 60_000);

  test("counts attempts by how they ended, escalations, tokens, cost and duration", () => {
    const attempts = record.modules.flatMap((m) => m.attempts);
    expect(stats.attempts).toBe(4);
    expect(stats.ended).toBe(attempts.filter((a) => a.state !== "running").length);
    expect(stats.succeeded).toBe(attempts.filter((a) => a.state === "done").length);
    expect(stats.successRate).toBe(stats.succeeded / stats.ended);
    expect(stats.escalations).toBe(0);
    expect(stats.costUsd).toBe(record.cost_usd);
    const tokens = attempts.reduce(
      (n, a) =>
        n +
        (a.usage
          ? a.usage.input_tokens + a.usage.output_tokens + a.usage.cache_read_tokens + a.usage.cache_write_tokens
          : 0),
      0,
    );
    expect(stats.tokens).toBe(tokens);
    expect(stats.durationMs).toBe(START + 95 * 60_000 - record.created_at);
  });

  test("the dashboard shows them in a Statistics section", () => {
    const text = renderDashboard(record, START + 95 * 60_000);
    const section = text.slice(text.indexOf("<summary>Statistics</summary>"));
    expect(section).toContain(
      `| attempts | 4 (${stats.succeeded} succeeded, ${stats.ended - stats.succeeded} did not, 1 running) |`,
    );
    expect(section).toContain(`| success rate | ${Math.round((stats.successRate ?? 0) * 100)}% |`);
    expect(section).toContain("| escalations | 0 |");
    expect(section).toContain(`| tokens | ${stats.tokens.toLocaleString("en-US")} |`);
    expect(section).toContain(`| cost | $${record.cost_usd.toFixed(2)} of $50.00 |`);
    expect(section).toContain("| duration | 1 h 35 min |");
  });
});

describe("fleetStats", () => {
  test("adds up the tasks; the mean duration counts finished tasks only", () => {
    const running = phaseTwo().record;
    const done = { ...running, issue: 8, status: "done" as const, updated_at: running.created_at + 60 * 60_000 };
    const blocked = {
      ...running,
      issue: 9,
      status: "blocked" as const,
      escalation: { episode: 2, open: true, reason: "x" },
    };
    const one = taskStats(running, START);
    const fleet = fleetStats([running, done, blocked], START + 95 * 60_000);
    expect(fleet.tasks).toEqual({ started: 3, running: 1, done: 1, blocked: 1, aborted: 0 });
    expect(fleet.attempts).toBe(3 * one.attempts);
    expect(fleet.escalations).toBe(2);
    expect(fleet.tokens).toBe(3 * one.tokens);
    expect(fleet.costUsd).toBeCloseTo(3 * running.cost_usd);
    expect(fleet.successRate).toBe(one.successRate);
    expect(fleet.meanDurationMs).toBe(60 * 60_000);
    expect(fleetStats([], 0)).toMatchObject({ successRate: null, meanDurationMs: null, attempts: 0 });
  });
});
