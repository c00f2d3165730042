import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadWebhookChecker } from "../../sandbox/index.js";
import { cleanRun, type Harness, harness } from "./helpers.js";

describe("sandbox: issue dependencies (blocked by)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ seed: { files: { "README.md": "hi\n" } } });
    h.sandbox.addCollaborator("maintainer", "maintain");
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  test("add, list both ways and remove; each request and answer checked against @octokit/openapi, each webhook against @octokit/openapi-webhooks", async () => {
    const human = h.as("maintainer");
    const { data: task } = await human.rest.issues.create({ ...h.repo, title: "Task" });
    const { data: blocker } = await human.rest.issues.create({ ...h.repo, title: "Blocker" });
    const route = "/repos/{owner}/{repo}/issues/{issue_number}/dependencies";

    const added = await human.request(`POST ${route}/blocked_by`, {
      ...h.repo,
      issue_number: task.number,
      issue_id: blocker.id,
    });
    expect(added.status).toBe(201);
    const blockedBy = await h.app.request(`GET ${route}/blocked_by`, { ...h.repo, issue_number: task.number });
    expect(blockedBy.data.map((i: { number: number }) => i.number)).toEqual([blocker.number]);
    const blocking = await h.app.request(`GET ${route}/blocking`, { ...h.repo, issue_number: blocker.number });
    expect(blocking.data.map((i: { number: number }) => i.number)).toEqual([task.number]);
    await expect(
      human.request(`POST ${route}/blocked_by`, { ...h.repo, issue_number: task.number, issue_id: blocker.id }),
    ).rejects.toMatchObject({ status: 422 });

    const removed = await human.request(`DELETE ${route}/blocked_by/{issue_id}`, {
      ...h.repo,
      issue_number: task.number,
      issue_id: blocker.id,
    });
    expect(removed.status).toBe(200);
    const after = await h.app.request(`GET ${route}/blocked_by`, { ...h.repo, issue_number: task.number });
    expect(after.data).toEqual([]);

    const deliveries = h.sandbox.webhooks.all().filter((d) => d.name === "issue_dependencies");
    expect(deliveries.map((d) => d.payload.action)).toEqual(["blocked_by_added", "blocked_by_removed"]);
    expect(deliveries[0]?.payload).toMatchObject({
      blocked_issue: { number: task.number },
      blocking_issue: { number: blocker.number },
    });
    const checker = await loadWebhookChecker();
    expect(deliveries.flatMap((d) => checker.check(d.name, d.payload))).toEqual([]);
    expect(cleanRun(h.sandbox)).toMatchObject({ violations: [], errors: [] });
  });

  test("someone below triage cannot add a blocker", async () => {
    const { data: task } = await h.as("maintainer").rest.issues.create({ ...h.repo, title: "Task" });
    await expect(
      h.as("stranger").request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", {
        ...h.repo,
        issue_number: task.number,
        issue_id: task.id,
      }),
    ).rejects.toMatchObject({ status: expect.any(Number) });
    expect(h.sandbox.webhooks.all().filter((d) => d.name === "issue_dependencies")).toEqual([]);
  });
});
