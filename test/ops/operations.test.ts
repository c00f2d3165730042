/**
 * Server-mode operations (docs/operations.md) through Probot's real HTTP server, with the sandbox GitHub
 * behind Octokit: `GET /healthz`, and a graceful shutdown that lets the reconcile in flight finish.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { WebhookDelivery } from "../../sandbox/index.js";
import { silentLog } from "../../src/github/reconcile/log.js";
import { drainOnShutdown, type ShutdownHost } from "../../src/github/server/shutdown.js";
import { type HttpApp, startHttpApp } from "./http-app.js";
import { storedRecord } from "./record.js";
import { createWorld, type World } from "./sandbox-app.js";

const VERSION = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

let world: World;
let app: HttpApp | undefined;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await world.sandbox.close();
});

/** Labels a fresh task issue as the maintainer; returns its number. */
async function startTask(): Promise<number> {
  const issue = await world.openIssue();
  await world.maintainer.rest.issues.addLabels({
    owner: world.sandbox.owner,
    repo: world.sandbox.repo,
    issue_number: issue,
    labels: ["orchestrate"],
  });
  return issue;
}

/** Takes the sandbox's queued webhooks and splits off the `issues.labeled` one. */
function takeLabeled(): { labeled: WebhookDelivery; rest: WebhookDelivery[] } {
  const all = world.sandbox.webhooks.take();
  const labeled = all.find((d) => d.name === "issues" && d.payload.action === "labeled");
  if (!labeled) throw new Error("no issues.labeled webhook");
  return { labeled, rest: all.filter((d) => d !== labeled) };
}

/** POSTs everything the sandbox emitted, again and again, until it emits nothing more. */
async function deliverAll(http: HttpApp): Promise<number[]> {
  const statuses: number[] = [];
  for (let round = 0; round < 20; round++) {
    const deliveries = world.sandbox.webhooks.take();
    if (deliveries.length === 0) break;
    for (const d of deliveries) statuses.push(await http.post(d));
    expect(await http.conductor.idle()).toEqual([]);
  }
  return statuses;
}

async function healthz(http: HttpApp): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${http.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("GET /healthz", () => {
  test("reports version, tasks, last sweep, the rate limit seen, the model key and statistics", async () => {
    app = await startHttpApp(world);
    const before = await healthz(app);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      ok: true,
      version: VERSION,
      accepting: true,
      tasks: { active: 0, busy: 0 },
      lastSweep: null,
      rateLimit: null,
      modelKeySet: Boolean(process.env.ANTHROPIC_API_KEY),
      stats: { tasks: { started: 0 }, attempts: 0, successRate: null },
    });

    await startTask();
    expect((await deliverAll(app)).every((s) => s === 200)).toBe(true);
    app.conductor.tick();
    expect(await app.conductor.idle()).toEqual([]);

    const after = await healthz(app);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      ok: true,
      tasks: { active: 1, busy: 0 },
      lastSweep: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      modelKeySet: Boolean(process.env.ANTHROPIC_API_KEY),
      stats: {
        tasks: { started: 1, running: 1, done: 0, blocked: 0, aborted: 0 },
        attempts: 2,
        successRate: null,
        escalations: 0,
        tokens: 0,
        costUsd: 0,
        meanDurationMs: null,
      },
    });
    // Read from the headers of the app's own responses: the sandbox counts 5000 an hour.
    const rate = after.body.rateLimit as { remaining: number; limit: number };
    expect(rate.limit).toBe(5000);
    expect(rate.remaining).toBeGreaterThan(4900);
    expect(rate.remaining).toBeLessThan(5000);
    expect((await fetch(`${app.url}/healthz`, { method: "POST" })).status).toBe(404);
  }, 60_000);
});

describe("graceful shutdown", () => {
  test("SIGTERM while a reconcile is in flight: webhooks get 503, the reconcile completes, then exit 0", async () => {
    app = await startHttpApp(world);
    const signals = new Map<string, () => void>();
    const exits: number[] = [];
    const host: ShutdownHost = {
      once: (s, h) => void signals.set(s, h),
      exit: (c) => void exits.push(c),
      graceMs: 30_000,
    };
    const shutdown = drainOnShutdown(app.conductor, ["SIGTERM", "SIGINT"], silentLog, host);
    expect([...signals.keys()]).toEqual(["SIGTERM", "SIGINT"]);

    const issue = await startTask();
    // Every write takes 40 ms, so the first reconcile (branches, two PRs, two dispatches) takes a while.
    world.sandbox.faults.setLatency((method) => (method === "GET" ? 0 : 40));
    const { labeled, rest } = takeLabeled();
    expect(await app.post(labeled)).toBe(200);
    await until(
      async () => (await world.sandbox.git(["branch", "--list", "conductor/*"])).includes("p1-api"),
      "a module branch",
    );
    expect(Object.keys(world.sandbox.state().pulls)).toHaveLength(0);
    expect(app.conductor.busy).toBe(1);

    signals.get("SIGTERM")?.();
    const stopping = await healthz(app);
    expect(stopping.status).toBe(503);
    expect(stopping.body.accepting).toBe(false);
    expect(await app.post({ ...labeled, id: "redelivered-during-shutdown" })).toBe(503);
    for (const d of rest) expect(await app.post(d)).toBe(503);
    expect(exits).toEqual([]);

    expect(await shutdown("SIGTERM")).toBe(0);
    expect(exits).toEqual([0]);
    expect(app.conductor.busy).toBe(0);
    const record = await storedRecord(world.sandbox, issue);
    expect(record?.outbox).toEqual([]);
    expect(record?.modules.map((m) => [m.key, m.state, m.pr !== null, m.attempts.length])).toEqual([
      ["p1-api", "running", true, 1],
      ["p1-docs", "running", true, 1],
    ]);
    expect(Object.values(world.sandbox.state().pulls)).toHaveLength(2);
    expect(Object.values(world.sandbox.state().runs)).toHaveLength(2);
  }, 60_000);

  test("the grace period bounds the wait: exit 1 when the queue has not drained in time", async () => {
    app = await startHttpApp(world);
    const exits: number[] = [];
    const host: ShutdownHost = { once: () => {}, exit: (c) => void exits.push(c), graceMs: 50 };
    const shutdown = drainOnShutdown(app.conductor, [], silentLog, host);
    await startTask();
    world.sandbox.faults.setLatency((method) => (method === "GET" ? 0 : 400));
    const { labeled } = takeLabeled();
    expect(await app.post(labeled)).toBe(200);
    expect(await shutdown("SIGINT")).toBe(1);
    expect(exits).toEqual([1]);
    world.sandbox.faults.setLatency(undefined);
    expect(await app.conductor.idle()).toEqual([]);
  }, 60_000);
});
