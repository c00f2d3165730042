import { Probot, ProbotOctokit } from "probot";
import { afterEach, describe, expect, test } from "vitest";
import { createSandbox, type Sandbox } from "../../sandbox/index.js";
import { appKey } from "../../sandbox/world/app.js";
import { tickingClock } from "./helpers.js";

const privateKey = appKey();

/** A Probot app on `sandbox` that comments on every labeled issue. */
async function commenter(sandbox: Sandbox): Promise<Probot> {
  const probot = new Probot({
    appId: sandbox.app.id,
    privateKey,
    logLevel: "fatal",
    // Throttling off: its spacing of content-creating requests is shared by the whole process, and
    // would hold the second app's comment back until after the first app's token request settled.
    // (A function: Probot passes its own `throttle` per instance, which would win over an object's.)
    Octokit: ProbotOctokit.defaults((options: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({
      ...options,
      request: { ...options.request, fetch: sandbox.fetch },
      throttle: { ...options.throttle, enabled: false },
    })),
  });
  await probot.load((app) => {
    app.on("issues.labeled", async (context) => {
      await context.octokit.rest.issues.createComment(context.issue({ body: "seen" }));
    });
  });
  return probot;
}

/** Opens and labels an issue as a maintainer; returns the webhooks it caused. */
async function labeledIssue(sandbox: Sandbox) {
  sandbox.addCollaborator("maintainer", "maintain");
  const headers = { authorization: `token ${sandbox.tokenFor("maintainer")}`, "content-type": "application/json" };
  const url = `https://api.github.com/repos/${sandbox.owner}/${sandbox.repo}`;
  const issue = await sandbox.fetch(`${url}/issues`, { method: "POST", headers, body: JSON.stringify({ title: "T" }) });
  const { number } = (await issue.json()) as { number: number };
  const labels = JSON.stringify({ labels: ["orchestrate"] });
  await sandbox.fetch(`${url}/issues/${number}/labels`, { method: "POST", headers, body: labels });
  return sandbox.webhooks.take();
}

// Regression: @octokit/auth-app shares in-flight installation-token requests across the whole process by
// installation id, so two sandboxes that both had installation 1 got each other's tokens (401s).
describe("sandbox: two sandboxes in one process", () => {
  const open: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  test("have distinct installations, and their apps authenticate at the same time", async () => {
    const sandboxes = await Promise.all([0, 1].map(() => createSandbox({ clock: tickingClock() })));
    open.push(...sandboxes);
    const [a, b] = sandboxes;
    if (!a || !b) throw new Error("two sandboxes expected");
    expect(a.installationId).not.toBe(b.installationId);
    const deliveries = await Promise.all(sandboxes.map(labeledIssue));
    const apps = await Promise.all(sandboxes.map(commenter));
    // Both apps ask for their installation's token at the same moment.
    await Promise.all(
      apps.flatMap((probot, i) =>
        (deliveries[i] ?? []).map((d) =>
          probot.receive({ id: d.id, name: d.name as "issues", payload: d.payload as never }),
        ),
      ),
    );
    for (const sandbox of sandboxes) {
      const comments = Object.values(sandbox.state().comments).map((c) => [c.user, c.body]);
      expect(comments).toEqual([["conductor[bot]", "seen"]]);
      expect(sandbox.requestLog().filter((r) => r.status === 401)).toEqual([]);
    }
  });
});
