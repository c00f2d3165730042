import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSandbox, type Sandbox } from "../../sandbox/index.js";
import { appKey } from "../../sandbox/world/app.js";
import { tickingClock } from "./helpers.js";

const privateKey = appKey();

describe("sandbox: a Probot app talks to it through request.fetch", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await createSandbox({
      clock: tickingClock(),
      seed: { files: { ".github/conductor.yml": "merge:\n  method: squash\n" } },
    });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  test("installation token, config read, a reaction, a comment, a retried 502 and a 304", async () => {
    const probot = new Probot({
      appId: sandbox.app.id,
      privateKey,
      logLevel: "fatal",
      Octokit: ProbotOctokit.defaults({
        request: { fetch: sandbox.fetch, retries: 1 },
        retry: { retryAfterBaseValue: 1 },
      }),
    });
    const seen: string[] = [];
    await probot.load((app) => {
      app.on("issues.labeled", async (context) => {
        const config = await context.config<{ merge?: { method?: string } }>("conductor.yml");
        seen.push(`config:${config?.merge?.method}`);
        await context.octokit.rest.reactions.createForIssue(context.issue({ content: "eyes" }));
        const { data } = await context.octokit.rest.issues.createComment(context.issue({ body: "dashboard" }));
        seen.push(`comment:${data.user?.login}`);
        const first = await context.octokit.rest.issues.get(context.issue());
        const again = await context.octokit.rest.issues
          .get(context.issue({ headers: { "if-none-match": first.headers.etag ?? "" } }))
          .catch((error: { status?: number }) => error.status);
        seen.push(`conditional:${again}`);
      });
    });
    sandbox.addCollaborator("maintainer", "maintain");
    const human = { authorization: `token ${sandbox.tokenFor("maintainer")}`, "content-type": "application/json" };
    const url = `https://api.github.com/repos/${sandbox.owner}/${sandbox.repo}`;
    const issue = await sandbox.fetch(`${url}/issues`, {
      method: "POST",
      headers: human,
      body: JSON.stringify({ title: "Task" }),
    });
    const { number } = (await issue.json()) as { number: number };
    await sandbox.fetch(`${url}/issues/${number}/labels`, {
      method: "POST",
      headers: human,
      body: JSON.stringify({ labels: ["orchestrate"] }),
    });
    sandbox.faults.failNext({
      kind: "502",
      match: (method, route) => method === "POST" && route.endsWith("/comments"),
    });
    for (const delivery of sandbox.webhooks.take()) {
      await probot.receive({ id: delivery.id, name: delivery.name as "issues", payload: delivery.payload as never });
    }
    expect(seen).toEqual(["config:squash", "comment:conductor[bot]", "conditional:304"]);
    const { state } = await sandbox.snapshot();
    expect(Object.values(state.comments).map((c) => [c.user, c.body])).toEqual([["conductor[bot]", "dashboard"]]);
    expect(Object.values(state.reactions).map((r) => [r.user, r.content])).toEqual([["conductor[bot]", "eyes"]]);
    const calls = sandbox.calls();
    expect(calls.byRoute["POST /app/installations/{installation_id}/access_tokens"]?.calls).toBe(1);
    expect(calls.faults).toBe(1);
    expect(sandbox.violations()).toEqual([]);
    expect(sandbox.internalErrors()).toEqual([]);
  });
});
