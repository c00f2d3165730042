/** Webhook mapping end to end: what is dropped before any request, executor runs, commands. */
import { describe, expect, test } from "vitest";
import { encodeMarker } from "../../src/protocol/marker.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { printRequestCounts } from "./counts.js";
import { checkRun, comment, executorRunCompleted, labeled, pullOn } from "./events.js";
import { BOT, R, startApp } from "./harness.js";
import { dashboardEdited, permission } from "./mocks.js";
import { ISSUE, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);

const PROTO = "conductor/7/p1-proto";
const HEAD = sha("d");
const running = () => new Scenario().opened({ "p1-proto": 11, "p1-api": 12 });

test("webhooks that cannot change a task are dropped before any request", async () => {
  const app = await startApp(http);
  await app.deliver(labeled({ label: "conductor:running" }));
  await app.deliver(comment({ body: "Looks good to me!" }));
  await app.deliver(comment({ body: "/retry", author: "renovate[bot]", authorType: "Bot" }));
  await app.deliver(comment({ body: "/deploy staging" }));
  await app.deliver(pullOn("feature/login", 3));
  await app.deliver(pullOn("conductor/7/integration", 30));
  await app.deliver(checkRun(PROTO, HEAD, "conductor/verify"));
  await app.deliver(executorRunCompleted(PROTO, "x", { event: "push" }));
  expect(http.requests).toEqual([]);
});

describe("executor runs", () => {
  test("a run that ended without a result: an infrastructure failure, retried after the backoff", async () => {
    const s = running();
    const nonce = s.attempt("p1-proto").nonce;
    const app = await startApp(http);
    app.clock.now = s.now + 10 * 60_000;
    const store = fakeStore(http, ISSUE, s.record);
    http
      .github()
      .get(`${R}/issues/11/comments`)
      .query(true)
      .reply(200, [{ id: 1, body: "hello", user: { login: "octocat" } }]);
    dashboardEdited(http);
    await app.deliver(executorRunCompleted(PROTO, nonce, { conclusion: "cancelled" }));
    const proto = store.record?.modules.find((m) => m.key === "p1-proto");
    expect([proto?.state, proto?.attempts[0]?.state, proto?.attempts[0]?.charged]).toEqual(["backoff", "infra", false]);
    expect(proto?.due_at).toBe(app.clock.now + 60_000);
    expect(http.find("POST", `${R}/actions/workflows/conductor-executor.yml/dispatches`)).toEqual([]);
  });

  test("a run whose result comment was never delivered: the result is found and counts", async () => {
    const s = running();
    const result = s.result("p1-proto", HEAD);
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    http
      .github()
      .get(`${R}/issues/11/comments`)
      .query(true)
      .reply(200, [
        { id: 61, body: `forged\n${encodeMarker("result", result)}`, user: { login: "mallory" } },
        { id: 62, body: `Done.\n${encodeMarker("result", result)}`, user: { login: BOT } },
      ]);
    http
      .github()
      .get(`${R}/pulls/11/files`)
      .query(true)
      .reply(200, [
        {
          filename: "src/a.ts",
          status: "added",
          additions: 1,
          deletions: 0,
          changes: 1,
          patch: "@@ -0,0 +1 @@\n+export const a = 1;",
        },
      ]);
    http.github().post(`${R}/check-runs`).reply(201, { id: 78 });
    dashboardEdited(http);
    await app.deliver(executorRunCompleted(PROTO, result.nonce, { conclusion: "success" }));
    const proto = store.record?.modules.find((m) => m.key === "p1-proto");
    expect([proto?.state, proto?.attempts[0]?.state, proto?.attempts[0]?.result?.comment_id]).toEqual([
      "verifying",
      "done",
      62,
    ]);
  });
});

describe("commands", () => {
  test("/status by a reader: 👀, and a reply linking the refreshed dashboard", async () => {
    const app = await startApp(http);
    fakeStore(http, ISSUE, running().record);
    permission(http, "reader", "read");
    http.github().post(`${R}/issues/comments/777/reactions`, { content: "eyes" }).reply(201, {});
    dashboardEdited(http);
    http
      .github()
      .post(
        `${R}/issues/${ISSUE}/comments`,
        (b: { body?: string }) => b?.body?.startsWith("The dashboard is up to date") === true,
      )
      .reply(201, { id: 1, html_url: "x" });
    await app.deliver(comment({ body: "/status", author: "reader", id: 777 }));
  });

  test.each([
    ["not a collaborator of a private repository (404)", 404, { message: "Not Found" }],
    ["explicit none", 200, { permission: "none", role_name: "none", user: { login: "stranger" } }],
  ] as const)("/status by someone with no access (%s): 👎, the dashboard is not linked", async (_, status, body) => {
    const app = await startApp(http);
    fakeStore(http, ISSUE, running().record);
    http.github().get(`${R}/collaborators/stranger/permission`).reply(status, body);
    http.github().post(`${R}/issues/comments/779/reactions`, { content: "-1" }).reply(201, {});
    http
      .github()
      .post(`${R}/issues/${ISSUE}/comments`, (b: { body?: string }) => b?.body?.includes("you have no access") === true)
      .reply(201, { id: 3, html_url: "x" });
    dashboardEdited(http);
    await app.deliver(comment({ body: "/status", author: "stranger", id: 779 }));
  });

  test("/retry by someone without write: 👎 and the role it needs; the configuration is not read", async () => {
    const app = await startApp(http);
    fakeStore(http, ISSUE, running().record);
    permission(http, "reader", "read");
    http.github().post(`${R}/issues/comments/778/reactions`, { content: "-1" }).reply(201, {});
    http
      .github()
      .post(`${R}/issues/11/comments`, (b: { body?: string }) => b?.body?.includes("needs the `write` role") === true)
      .reply(201, { id: 2, html_url: "x" });
    dashboardEdited(http);
    await app.deliver(comment({ body: "/retry please", author: "reader", id: 778, pr: 11 }));
  });
});
