import { describe, expect, test } from "vitest";
import { readCiFailureMarker } from "../../src/github/ci-failure/ci-failure-issue.js";
import { parseSpec } from "../../src/plan/parse.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { checkWebhookPayload, type ReceivableEvent, webhookEvent } from "../helpers/webhooks.js";
import { INSTALLATION, OWNER, R, REPO, startApp } from "./harness.js";
import { configFile } from "./mocks.js";
import { sha } from "./scenario.js";

const http = setupStrictHttp();
const RED_SHA = sha("d");
const RUN = 30433642;
const WATCH = "triggers:\n  ci_failure:\n    workflows: [CI]\n";

/** GitHub's `workflow_run.completed` example, as a run of `CI` on `branch` that concluded `conclusion`. */
function finished(
  conclusion: string,
  o: { branch?: string; event?: string; sha?: string; headRepo?: string } = {},
): ReceivableEvent {
  const built = webhookEvent(
    "workflow_run",
    "completed",
    { installationId: INSTALLATION, owner: OWNER, repo: REPO },
    1,
  ) as unknown as {
    id: string;
    payload: Record<string, unknown> & { workflow_run: Record<string, unknown> };
  };
  const before = new Set(checkWebhookPayload("workflow_run", "completed", built.payload));
  const run = built.payload.workflow_run;
  Object.assign(run, {
    id: RUN,
    name: "CI",
    path: ".github/workflows/ci.yml",
    head_branch: o.branch ?? "master",
    head_sha: o.sha ?? RED_SHA,
    event: o.event ?? "push",
    conclusion,
  });
  (run.head_repository as { full_name: string }).full_name = o.headRepo ?? `${OWNER}/${REPO}`;
  expect(checkWebhookPayload("workflow_run", "completed", built.payload).filter((p) => !before.has(p))).toEqual([]);
  return { ...built, name: "workflow_run" } as unknown as ReceivableEvent;
}

const ciIssues = (issues: { number: number; state: string; body: string }[]) =>
  http
    .github()
    .get(`${R}/issues`)
    .query({ labels: "conductor:ci-failure", state: "all", per_page: 100 })
    .reply(200, issues);

function failedJobs() {
  http
    .github()
    .get(`${R}/actions/runs/${RUN}/jobs`)
    .query({ filter: "latest" })
    .reply(200, {
      total_count: 2,
      jobs: [
        { id: 7, name: "build", conclusion: "success", steps: [{ name: "npm ci", conclusion: "success" }] },
        {
          id: 8,
          name: "test",
          conclusion: "failure",
          steps: [
            { name: "npm ci", conclusion: "success" },
            { name: "npm test", conclusion: "failure" },
          ],
        },
      ],
    });
  http
    .github()
    .get(`${R}/actions/jobs/8/logs`)
    .reply(200, "ok 1 - adds\nnot ok 2 - divides by zero\n# fail 1\n", { "content-type": "text/plain" });
}

const marker = (sha: string) =>
  `<!-- conductor:ci-failure ${JSON.stringify({ workflow: "CI", branch: "master", sha })} -->`;

describe("triggers.ci_failure: the red-CI fix loop", () => {
  test("a red run of a watched workflow on the default branch opens one task issue with a one-module plan", async () => {
    const app = await startApp(http);
    configFile(http, WATCH);
    ciIssues([]);
    failedJobs();
    http.github().post(`${R}/issues`).reply(201, { number: 60 });

    await app.deliver(finished("failure"));

    const [created] = http
      .find("POST", `${R}/issues`)
      .map((r) => r.body as { title: string; body: string; labels: string[] });
    expect(created?.title).toBe("CI is red on master: CI");
    expect(created?.labels).toEqual(["orchestrate", "conductor:ci-failure"]);
    expect(readCiFailureMarker(created?.body ?? "")).toEqual({ workflow: "CI", branch: "master", sha: RED_SHA });
    const plan = parseSpec(created?.body ?? "");
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    const [phase] = plan.plan.phases;
    expect(phase?.name).toBe("Make CI green again");
    expect(phase?.modules.map((m) => m.name)).toEqual(["ci-ci"]);
    // The failing job, its failed step and the log tail travel in the module's brief.
    expect(phase?.modules[0]?.instructions).toContain("- job `test`, failed steps: `npm test`");
    expect(phase?.modules[0]?.instructions).toContain("not ok 2 - divides by zero");
    expect(phase?.modules[0]?.instructions).not.toContain("build");
  });

  test("the same head again (a redelivery, a re-run) opens and comments nothing", async () => {
    const app = await startApp(http);
    configFile(http, WATCH);
    ciIssues([{ number: 60, state: "open", body: marker(RED_SHA) }]);
    await app.deliver(finished("failure"));
    expect(http.requests.filter((r) => r.method !== "GET" && !r.path.includes("access_tokens"))).toEqual([]);
  });

  test("red again on another head while the issue is open: one comment on it, no second issue", async () => {
    const app = await startApp(http);
    configFile(http, WATCH);
    ciIssues([{ number: 60, state: "open", body: marker(sha("c")) }]);
    http.github().get(`${R}/issues/60/comments`).query({ per_page: 100 }).reply(200, []);
    failedJobs();
    http.github().post(`${R}/issues/60/comments`).reply(201, { id: 5 });

    await app.deliver(finished("failure"));

    const [comment] = http.find("POST", `${R}/issues/60/comments`).map((r) => (r.body as { body: string }).body);
    expect(comment).toContain(`Still red at ${RED_SHA.slice(0, 7)}`);
    expect(comment).toContain("not ok 2 - divides by zero");
    expect(http.find("POST", `${R}/issues`)).toEqual([]);
  });

  test("a green run with no open issue: nothing", async () => {
    const app = await startApp(http);
    configFile(http, WATCH);
    ciIssues([{ number: 59, state: "closed", body: marker(sha("c")) }]);
    await app.deliver(finished("success"));
    expect(http.requests.filter((r) => r.method !== "GET" && !r.path.includes("access_tokens"))).toEqual([]);
  });

  test("off by default, and for other workflows or branches: the configuration is read, nothing else", async () => {
    const app = await startApp(http);
    configFile(http, "merge:\n  method: squash\n");
    await app.deliver(finished("failure"));
    configFile(http, WATCH);
    await app.deliver(finished("failure", { branch: "release" }));
    const reads = http.requests.filter((r) => !r.path.includes("access_tokens")).map((r) => r.path);
    expect(reads).toEqual([`${R}/contents/.github%2Fconductor.yml`, `${R}/contents/.github%2Fconductor.yml`]);
  });

  test("pull-request runs, Conductor's own branches, cancelled runs and a fork's `master` make no request at all", async () => {
    const app = await startApp(http);
    await app.deliver(finished("failure", { event: "pull_request" }));
    await app.deliver(finished("failure", { branch: "conductor/7/p1-api" }));
    await app.deliver(finished("cancelled"));
    await app.deliver(finished("failure", { headRepo: "mallory/Hello-World" }));
    expect(http.requests.filter((r) => !r.path.includes("access_tokens"))).toEqual([]);
  });
});
