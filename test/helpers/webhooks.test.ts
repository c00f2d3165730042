import { Probot, ProbotOctokit } from "probot";
import { describe, expect, test } from "vitest";
import { appKey } from "../../sandbox/world/app.js";
import { setupStrictHttp } from "./strict-http.js";
import { adaptWebhook, checkWebhookPayload, webhookEvent, webhookExample } from "./webhooks.js";

describe("checkWebhookPayload", () => {
  test("GitHub's own example passes", () => {
    expect(checkWebhookPayload("issues", "labeled", webhookExample("issues", "labeled"))).toEqual([]);
    expect(checkWebhookPayload("check_suite", "completed", webhookExample("check_suite", "completed"))).toEqual([]);
  });

  test("a broken payload fails, naming the field", () => {
    const payload = webhookExample("issues", "labeled");
    const issue = payload.issue as Record<string, unknown>;
    issue.number = "one";
    delete payload.sender;
    const problems = checkWebhookPayload("issues", "labeled", payload);
    expect(problems).toContain("issues-labeled: payload/issue/number must be integer");
    expect(problems).toContain("issues-labeled: payload must have required property 'sender'");
  });

  test("the payload's action selects the schema; one that is not the action meant is a problem", () => {
    expect(checkWebhookPayload("issues", "opened", webhookExample("issues", "labeled"))).toEqual([
      'issues-opened: payload/action is "labeled", not "opened"',
    ]);
  });

  test("an unknown event is a problem", () => {
    expect(checkWebhookPayload("issues", "exploded", { action: "exploded" })).toEqual([
      "no webhook schema for issues-exploded",
    ]);
  });
});

describe("adaptWebhook / webhookEvent", () => {
  test("adapts every field it knows and stays valid", () => {
    const event = webhookEvent("pull_request", "closed", {
      installationId: 9,
      owner: "acme",
      repo: "app",
      issueNumber: 42,
      sender: "octocat",
      headRef: "conductor/7/parser",
      headSha: "a".repeat(40),
    });
    expect(event.name).toBe("pull_request");
    expect(event.payload).toMatchObject({
      installation: { id: 9 },
      number: 42,
      repository: { name: "app", full_name: "acme/app", owner: { login: "acme" } },
      pull_request: { number: 42, head: { ref: "conductor/7/parser", sha: "a".repeat(40) } },
      sender: { login: "octocat" },
    });
  });

  test("check suites, check runs and statuses get the head", () => {
    const sha = "b".repeat(40);
    const run = adaptWebhook(webhookExample("check_run", "completed"), { headRef: "conductor/7/x", headSha: sha });
    expect(run).toMatchObject({ check_run: { head_sha: sha, check_suite: { head_branch: "conductor/7/x" } } });
    expect(adaptWebhook(webhookExample("status"), { headSha: sha })).toMatchObject({ sha });
  });

  test("an adaptation that breaks the schema throws", () => {
    expect(() => webhookEvent("issues", "labeled", { issueNumber: 1.5 })).toThrow(/issue\/number must be integer/);
  });
});

describe("the helpers together: probot.receive() with a real payload and the strict mock", () => {
  const http = setupStrictHttp();
  const privateKey = appKey();

  test("a labeled issue gets a comment", async () => {
    const probot = new Probot({
      appId: 1,
      privateKey,
      Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
      logLevel: "warn",
    });
    probot.load((app) => {
      app.on("issues.labeled", async (context) => {
        await context.octokit.rest.issues.createComment(context.issue({ body: "noted" }));
      });
    });
    http.github().post("/app/installations/2/access_tokens").reply(201, { token: "t", permissions: {} });
    http.github().post("/repos/acme/app/issues/7/comments", { body: "noted" }).reply(201, { id: 1 });

    await probot.receive(
      webhookEvent("issues", "labeled", { installationId: 2, owner: "acme", repo: "app", issueNumber: 7 }),
    );

    expect(http.find("POST", "/repos/acme/app/issues/7/comments")[0]?.headers.authorization).toBe("token t");
  });
});
