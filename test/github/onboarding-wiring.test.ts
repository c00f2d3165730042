/**
 * The onboarding PR's triggers through `probot.receive()` (docs/setup.md#3-add-the-executor-workflow): the app
 * installed on a repository (`installation.created`, `installation_repositories.added`), and a task starting
 * while the executor workflow is missing from the default branch. Whatever the trigger, one PR: the next
 * trigger finds it.
 */
import { describe, expect, test } from "vitest";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { checkWebhookPayload, type ReceivableEvent, webhookEvent } from "../helpers/webhooks.js";
import { printRequestCounts } from "./counts.js";
import { comment, labeled } from "./events.js";
import { INSTALLATION, OWNER, R, REPO, startApp } from "./harness.js";
import {
  commentPosted,
  dashboardCreated,
  dashboardEdited,
  noConfig,
  noWorkflows,
  permission,
  reactOnIssue,
  setLabels,
} from "./mocks.js";
import { ISSUE, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);

const WORKFLOW = `${R}/contents/.github%2Fworkflows%2Fconductor-executor.yml`;
const PULL = {
  number: 60,
  state: "open",
  merged_at: null,
  html_url: `https://github.com/${OWNER}/${REPO}/pull/60`,
};

/**
 * GitHub's example, on our installation: the adaptation would shrink `installation` to its id, so only
 * the id is changed, and the payload is checked for problems the change brought in (the examples are
 * older than the schema in a few fields, as test/github/events.ts explains).
 */
function installed(name: "installation" | "installation_repositories", action: "created" | "added") {
  const event = webhookEvent(name, action) as unknown as { id: string; name: string; payload: Record<string, unknown> };
  const before = new Set(checkWebhookPayload(name, action, event.payload));
  (event.payload.installation as { id: number }).id = INSTALLATION;
  for (const key of ["repositories", "repositories_added"]) {
    const repos = event.payload[key] as Record<string, unknown>[] | undefined;
    if (repos?.[0]) event.payload[key] = [{ ...repos[0], name: REPO, full_name: `${OWNER}/${REPO}` }];
  }
  expect(checkWebhookPayload(name, action, event.payload).filter((p) => !before.has(p))).toEqual([]);
  return event as unknown as ReceivableEvent;
}

/** No onboarding PR yet (`GET pulls?head=…:conductor/onboarding`), or `PULL`. */
function onboardingPulls(found: boolean): void {
  http
    .github()
    .get(`${R}/pulls`)
    .query({ head: `${OWNER}:conductor/onboarding`, state: "all", per_page: "1" })
    .reply(200, found ? [PULL] : []);
}

const workflowMissing = () => http.github().get(WORKFLOW).query({ ref: "master" }).reply(404, { message: "Not Found" });

/** The commit with both files on `conductor/onboarding`, and the PR. */
function opened(): void {
  http
    .github()
    .get(`${R}/git/ref/heads%2Fmaster`)
    .reply(200, { ref: "refs/heads/master", object: { sha: sha("1") } });
  http
    .github()
    .get(`${R}/git/commits/${sha("1")}`)
    .reply(200, { sha: sha("1"), tree: { sha: sha("2") } });
  http
    .github()
    .post(`${R}/git/trees`, (b: { base_tree?: string }) => b?.base_tree === sha("2"))
    .reply(201, { sha: sha("3") });
  http
    .github()
    .post(`${R}/git/commits`, (b: { message?: string }) => b?.message?.startsWith("Set up Conductor") === true)
    .reply(201, { sha: sha("4") });
  http
    .github()
    .post(`${R}/git/refs`, { ref: "refs/heads/conductor/onboarding", sha: sha("4") })
    .reply(201, {});
  http.github().post(`${R}/pulls`).reply(201, PULL);
}

const pullsOpened = () => http.find("POST", `${R}/pulls`);

describe("onboarding on installation", () => {
  test("installation.created: one PR per repository; installation_repositories.added later opens none", async () => {
    const app = await startApp(http);
    onboardingPulls(false);
    http.github().get(R).reply(200, { default_branch: "master" });
    workflowMissing();
    opened();
    await app.deliver(installed("installation", "created"));
    const pull = pullsOpened()[0]?.body as { head: string; base: string; title: string; body: string };
    expect([pull.head, pull.base, pull.title]).toEqual(["conductor/onboarding", "master", "Set up Conductor"]);
    expect(pull.body).toContain("## Secrets the workflow needs");
    const tree = http.find("POST", `${R}/git/trees`)[0]?.body as { tree: { path: string }[] };
    expect(tree.tree.map((f) => f.path)).toEqual([".github/workflows/conductor-executor.yml", ".github/conductor.yml"]);

    onboardingPulls(true);
    await app.deliver(installed("installation_repositories", "added"));
    expect(pullsOpened()).toHaveLength(1);
  });

  test("a repository that already has the workflow gets no PR", async () => {
    const app = await startApp(http);
    onboardingPulls(false);
    http.github().get(R).reply(200, { default_branch: "master" });
    http.github().get(WORKFLOW).query({ ref: "master" }).reply(200, { type: "file" });
    await app.deliver(installed("installation_repositories", "added"));
    expect(pullsOpened()).toEqual([]);
  });
});

describe("onboarding when a task starts", () => {
  /** A task starts (no spec, no planner): the start's own requests. */
  function taskStarts(): void {
    noConfig(http);
    permission(http, "octocat", "admin");
    reactOnIssue(http);
    setLabels(http, { create: ["conductor:running"], present: ["orchestrate"], add: ["conductor:running"] });
    commentPosted(http, ISSUE, (b) => b.includes("no `ANTHROPIC_API_KEY`"));
    dashboardCreated(http);
  }

  test("the workflow missing from the default branch: the onboarding PR is opened; the next start finds it", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, null);
    taskStarts();
    noWorkflows(http);
    workflowMissing();
    onboardingPulls(false);
    workflowMissing();
    opened();
    await app.deliver(labeled({ body: "Please build it." }));
    expect(pullsOpened()).toHaveLength(1);
    expect(store.record?.status).toBe("planning");
    // The pre-flight ran first (contents API, checked against GitHub's OpenAPI description): a repository
    // with no workflows at all hears in the onboarding PR that no CI would check its module PRs.
    const body = (pullsOpened()[0]?.body as { body?: string } | undefined)?.body ?? "";
    expect(body).toContain("## What Conductor found in this repository");
    expect(body).toContain(`no CI runs on module PRs into \`conductor/${ISSUE}/integration\``);
    // The dashboard's record holds both errors: the missing executor workflow and the missing CI.
    expect(store.record?.preflight.map((f) => [f.severity, f.file])).toEqual([
      ["error", ".github/workflows/conductor-executor.yml"],
      ["error", ".github/workflows"],
    ]);

    // Aborted and labelled again, the task starts a second time: the PR is found, not opened twice.
    permission(http, "octocat", "admin");
    http.github().post(`${R}/issues/comments/700/reactions`, { content: "eyes" }).reply(201, { id: 1 });
    setLabels(http, {
      create: ["conductor:aborted"],
      present: ["orchestrate", "conductor:running"],
      add: ["conductor:aborted"],
      remove: ["conductor:running"],
    });
    dashboardEdited(http, { find: false });
    await app.deliver(comment({ body: "/abort", id: 700 }));
    expect(store.record?.status).toBe("aborted");
    noConfig(http);
    permission(http, "octocat", "admin");
    reactOnIssue(http);
    setLabels(http, {
      present: ["orchestrate", "conductor:aborted"],
      add: ["conductor:running"],
      remove: ["conductor:aborted"],
    });
    noWorkflows(http);
    workflowMissing();
    onboardingPulls(true);
    commentPosted(http, ISSUE, (b) => b.includes("no `ANTHROPIC_API_KEY`"));
    dashboardEdited(http, { find: false });
    await app.deliver(labeled({ body: "Please build it." }));
    expect(store.record?.generation).toBe(2);
    expect(pullsOpened()).toHaveLength(1);
  });

  test("a second trigger (the app installed again) after a task opened it: no second PR", async () => {
    const app = await startApp(http);
    fakeStore(http, ISSUE, null);
    taskStarts();
    noWorkflows(http);
    workflowMissing();
    onboardingPulls(false);
    workflowMissing();
    opened();
    await app.deliver(labeled({ body: "Please build it." }));

    onboardingPulls(true);
    await app.deliver(installed("installation", "created"));
    expect(pullsOpened()).toHaveLength(1);
  });
});
