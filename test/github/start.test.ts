import { describe, expect, test } from "vitest";
import { Brief } from "../../src/protocol/brief.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { printRequestCounts } from "./counts.js";
import { labeled } from "./events.js";
import { R, startApp } from "./harness.js";
import {
  commentPosted,
  configFile,
  dashboardCreated,
  noConfig,
  permission,
  reactOnIssue,
  setLabels,
  startCommitMade,
  workflowPresent,
} from "./mocks.js";
import { BASE_SHA, ISSUE, SPEC, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);
const START = sha("5");

const BAD_SPEC = `## Implementation Phases

### Phase 1: Setup
Modules: proto, proto
`;

describe("the trigger label", () => {
  test("added by someone without write: one polite reply, no task record, nothing else", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, null);
    noConfig(http);
    permission(http, "mallory", "triage");
    commentPosted(http, ISSUE, (b) => b.includes("@mallory") && b.includes("write access"));
    await app.deliver(labeled({ sender: "mallory", body: SPEC }));
    expect(store.record).toBeNull();
    expect(http.requests.filter((r) => r.method !== "GET" && !r.path.includes("access_tokens"))).toHaveLength(1);
  });

  test("added by someone without write while conductor.yml is broken: the polite reply, not the keys", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, null);
    configFile(http, "retries:\n  max_attempts: zero\n");
    permission(http, "mallory", "read");
    commentPosted(http, ISSUE, (b) => b.includes("@mallory") && b.includes("write access") && !b.includes("retries"));
    await app.deliver(labeled({ sender: "mallory", body: SPEC }));
    expect(store.record).toBeNull();
  });

  test("a spec with errors: one comment naming the lines; no branch is made", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, null);
    noConfig(http);
    permission(http, "octocat", "admin");
    reactOnIssue(http);
    workflowPresent(http);
    setLabels(http, { create: ["conductor:running"], present: ["orchestrate"], add: ["conductor:running"] });
    commentPosted(http, ISSUE, (b) => b.includes("could not use the plan") && /line 4: .*proto/.test(b));
    dashboardCreated(http);
    await app.deliver(labeled({ body: BAD_SPEC }));
    expect(store.record?.status).toBe("planning");
    expect(store.record?.plan_errors.join("\n")).toMatch(/^line 4:/);
    expect(http.find("POST", `${R}/issues/${ISSUE}/comments`)).toHaveLength(2); // the errors, and the dashboard
    expect(
      http
        .find("POST", `${R}/git/refs`)
        .filter((r) => String((r.body as { ref: string }).ref).startsWith("refs/heads")),
    ).toEqual([]);
  });

  test("an invalid conductor.yml: one comment naming each bad key, and the task does not start", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, null);
    configFile(http, "retries:\n  max_attempts: zero\nmerge:\n  method: octopus\n");
    permission(http, "octocat", "write");
    commentPosted(http, ISSUE, (b) => b.includes("`retries.max_attempts`") && b.includes("`merge.method`"));
    await app.deliver(labeled({ body: SPEC }));
    expect(store.record).toBeNull();
  });

  test("a two-phase spec: integration branch, phase 1's module branches, draft PRs with briefs, dispatches", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, null);
    noConfig(http);
    permission(http, "octocat", "maintain");
    reactOnIssue(http);
    workflowPresent(http);
    setLabels(http, { create: ["conductor:running"], present: ["orchestrate"], add: ["conductor:running"] });
    http
      .github()
      .get(`${R}/git/ref/heads%2Fmaster`)
      .reply(200, { ref: "refs/heads/master", object: { sha: BASE_SHA } });
    // One start commit for the whole phase: both module branches are created on it, so each PR opens at once.
    startCommitMade(http, { base: BASE_SHA, tree: sha("e"), start: START, label: /^conductor: start phase 1 of #7\n/ });
    http
      .github()
      .post(`${R}/git/refs`, (b: { ref?: string }) => b?.ref?.startsWith("refs/heads/") === true)
      .times(3)
      .reply(201, { ref: "x", object: { sha: BASE_SHA } });
    const prs = { "conductor/7/p1-proto": 11, "conductor/7/p1-api": 12 };
    for (const [head, number] of Object.entries(prs)) {
      http
        .github()
        .post(`${R}/pulls`, (b: { head?: string }) => b?.head === head)
        .reply(201, {
          number,
          state: "open",
          html_url: `https://github.com/x/pull/${number}`,
          head: { ref: head, sha: sha("c") },
        });
    }
    http
      .github()
      .post(`${R}/actions/workflows/conductor-executor.yml/dispatches`)
      .times(2)
      .reply(200, (req: Request) => ({
        workflow_run_id: req.url.length,
        run_url: "https://api.github.com/x",
        html_url: "https://github.com/x",
      }));
    dashboardCreated(http);

    await app.deliver(labeled({ body: SPEC, assignees: ["hubot"] }));
    expect(app.logs).toEqual([]);

    const branches = http.find("POST", `${R}/git/refs`).map((r) => r.body as { ref: string; sha: string });
    expect(branches.filter((b) => b.ref.startsWith("refs/heads/"))).toEqual([
      { ref: "refs/heads/conductor/7/integration", sha: BASE_SHA },
      { ref: "refs/heads/conductor/7/p1-proto", sha: START },
      { ref: "refs/heads/conductor/7/p1-api", sha: START },
    ]);
    const pulls = http
      .find("POST", `${R}/pulls`)
      .map((r) => r.body as { title: string; base: string; draft: boolean; body: string });
    expect(pulls.map((p) => [p.title, p.base, p.draft])).toEqual([
      ["[conductor #7] Phase 1: proto", "conductor/7/integration", true],
      ["[conductor #7] Phase 1: api", "conductor/7/integration", true],
    ]);
    const brief = decodeMarker("brief", pulls[0]?.body ?? "", Brief);
    expect(brief.ok && brief.value).toMatchObject({
      task: ISSUE,
      phase: 1,
      module: "proto",
      attempt: 1,
      test_command: "npm test",
    });
    const nonce = brief.ok ? brief.value.nonce : "";
    const dispatches = http.find("POST", `${R}/actions/workflows/conductor-executor.yml/dispatches`).map((r) => r.body);
    expect(dispatches[0]).toEqual({
      ref: "conductor/7/p1-proto",
      inputs: { task: "7", pr: "11", attempt: "1", nonce },
      return_run_details: true,
    });
    expect(dispatches[1]).toMatchObject({ ref: "conductor/7/p1-api", inputs: { pr: "12", attempt: "1" } });
    const record = store.record;
    expect(record?.status).toBe("running");
    expect(record?.outbox).toEqual([]);
    expect(record?.modules.map((m) => [m.key, m.state, m.pr, m.attempts[0]?.run_id ?? null])).toEqual([
      ["p1-proto", "running", 11, expect.any(Number)],
      ["p1-api", "running", 12, expect.any(Number)],
      ["p2-service", "pending", null, null],
    ]);
    // The phase base, not the start commit, is what `/rollback` resets a module branch to.
    expect(record?.modules[0]?.base_sha).toBe(BASE_SHA);
    // One save per step: start, plan, integration branch, PRs, dispatches (+ the dashboard in the last).
    expect(store.saved).toHaveLength(5);
  });
});
