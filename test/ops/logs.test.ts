/**
 * Structured logs (docs/operations.md#logs): every line a reconcile writes names the task and the webhook
 * delivery (or the sweep) it serves, and lines about an effect for a module name the module.
 */
import { afterEach, expect, test } from "vitest";
import { createWorld, startServerApp, type World } from "./sandbox-app.js";

let world: World | undefined;
afterEach(async () => {
  await world?.sandbox.close();
  world = undefined;
});

test("task, delivery and module on the lines of a webhook's reconcile and of a sweep tick", async () => {
  world = await createWorld();
  const app = await startServerApp(world);
  const issue = await world.openIssue();
  await world.maintainer.rest.issues.addLabels({
    owner: world.sandbox.owner,
    repo: world.sandbox.repo,
    issue_number: issue,
    labels: ["orchestrate"],
  });
  const labeled = world.sandbox.webhooks.take().find((d) => d.name === "issues" && d.payload.action === "labeled");
  if (!labeled) throw new Error("no issues.labeled webhook");
  await app.probot.receive({ id: labeled.id, name: "issues", payload: labeled.payload as never });
  expect(await app.conductor.idle()).toEqual([]);

  const taskLines = app.logs.filter((l) => l.task !== undefined);
  expect(taskLines.length).toBeGreaterThan(5);
  for (const line of taskLines) {
    expect(line, String(line.msg)).toMatchObject({ task: issue, delivery: labeled.id, event: "issues" });
  }
  const moduleEffects = taskLines.filter((l) => typeof l.effect_id === "string" && /:p1-/.test(l.effect_id));
  expect(moduleEffects.length).toBeGreaterThan(0);
  for (const line of moduleEffects) expect(line.module, String(line.effect_id)).toMatch(/^p1-/);
  // Lines of the reconcile that name no task: none.
  const reconcileLines = app.logs.filter((l) => l.delivery === labeled.id);
  expect(reconcileLines.filter((l) => l.task === undefined && l.effect !== undefined)).toEqual([]);

  app.logs.length = 0;
  app.conductor.track({ installationId: world.sandbox.installationId, repo: { owner: "acme", repo: "shop" }, issue });
  app.conductor.tick();
  expect(await app.conductor.idle()).toEqual([]);
  const tickLines = app.logs.filter((l) => l.task !== undefined);
  expect(tickLines.length).toBeGreaterThan(0);
  for (const line of tickLines) expect(line).toMatchObject({ task: issue, sweep: expect.any(Number) });
}, 60_000);
