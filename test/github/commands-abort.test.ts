/**
 * `/abort` and `/approve-plan` through `probot.receive()` (DESIGN §2): an abort cancels the running
 * executor runs, closes the open module PRs and labels the issue; a plan that needs approval dispatches
 * nothing until a writer approves it.
 */
import { describe, expect, test } from "vitest";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { mutations, reaction } from "./commands-fixtures.js";
import { printRequestCounts } from "./counts.js";
import { comment, labeled } from "./events.js";
import { R, startApp } from "./harness.js";
import {
  commentPosted,
  configFile,
  dashboardCreated,
  dashboardEdited,
  permission,
  reactOnIssue,
  setLabels,
  startCommitMade,
  workflowPresent,
} from "./mocks.js";
import { BASE_SHA, ISSUE, Scenario, SPEC, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);

const DISPATCH = `${R}/actions/workflows/conductor-executor.yml/dispatches`;

function openPull(number: number, branch: string): void {
  http
    .github()
    .get(`${R}/pulls/${number}`)
    .reply(200, { number, state: "open", merged: false, html_url: "x", head: { ref: branch, sha: sha("c") } });
  http
    .github()
    .post(`${R}/issues/${number}/comments`, (b: { body?: string }) =>
      /aborted the task: deadline moved/.test(b?.body ?? ""),
    )
    .reply(201, { id: 970 + number, html_url: "x" });
  http.github().patch(`${R}/pulls/${number}`, { state: "closed" }).reply(200, { number });
}

test("/abort with a reason: running runs cancelled, open module PRs closed with it, label conductor:aborted", async () => {
  const s = new Scenario().opened({ "p1-proto": 11, "p1-api": 12 });
  for (const [module, run] of [
    ["p1-proto", 4101],
    ["p1-api", 4102],
  ] as const) {
    const a = s.attempt(module);
    s.apply({ type: "Dispatched", id: `setup-run-${run}`, module, attempt: 1, nonce: a.nonce, run_id: run });
  }
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, s.record);
  permission(http, "octocat", "write");
  http.github().post(`${R}/actions/runs/4101/cancel`).reply(202, {});
  http.github().post(`${R}/actions/runs/4102/cancel`).reply(202, {});
  openPull(11, "conductor/7/p1-proto");
  openPull(12, "conductor/7/p1-api");
  setLabels(http, {
    create: ["conductor:aborted"],
    present: ["orchestrate", "conductor:running"],
    add: ["conductor:aborted"],
    remove: ["conductor:running"],
  });
  reaction(http, 630, "eyes");
  dashboardEdited(http);
  await app.deliver(comment({ body: "/abort deadline moved", pr: 12, id: 630 }));
  expect(mutations(http)).toEqual(
    expect.arrayContaining(["POST /actions/runs/4101/cancel", "POST /actions/runs/4102/cancel"]),
  );
  expect(http.find("PATCH", /\/pulls\/1[12]$/)).toHaveLength(2);
  expect(http.find("POST", DISPATCH)).toEqual([]);
  expect(store.record?.status).toBe("aborted");
  expect(store.record?.modules.map((m) => m.state)).toEqual(["closed", "closed", "closed"]);
});

describe("/approve-plan with plan.approval: required", () => {
  test("nothing is branched or dispatched before it; after it, phase 1 starts", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, null);
    configFile(http, "plan:\n  approval: required\n");
    permission(http, "octocat", "admin");
    reactOnIssue(http);
    workflowPresent(http);
    setLabels(http, { create: ["conductor:running"], present: ["orchestrate"], add: ["conductor:running"] });
    commentPosted(http, ISSUE, (b) => b.includes("A maintainer starts it by commenting `/approve-plan`"));
    dashboardCreated(http);
    await app.deliver(labeled({ body: SPEC }));
    expect(store.record?.status).toBe("awaiting_approval");
    expect(http.find("POST", `${R}/git/refs`).filter((r) => JSON.stringify(r.body).includes("refs/heads"))).toEqual([]);
    expect(http.find("POST", DISPATCH)).toEqual([]);

    // A reader may not approve: the plan keeps waiting.
    permission(http, "mallory", "triage");
    reaction(http, 631, "-1");
    http
      .github()
      .post(`${R}/issues/${ISSUE}/comments`, (b: { body?: string }) => /needs the `write` role/.test(b?.body ?? ""))
      .reply(201, { id: 980, html_url: "x" });
    // The refusal changes nothing the dashboard shows, so it is not edited again
    // (docs/architecture.md#what-a-task-costs-on-github).
    await app.deliver(comment({ body: "/approve-plan", author: "mallory", id: 631 }));
    expect(store.record?.status).toBe("awaiting_approval");

    permission(http, "octocat", "write");
    http
      .github()
      .get(`${R}/git/ref/heads%2Fmaster`)
      .reply(200, { ref: "refs/heads/master", object: { sha: BASE_SHA } });
    startCommitMade(http, { base: BASE_SHA, tree: sha("e"), start: sha("5"), label: /^conductor: start phase 1 / });
    http
      .github()
      .post(`${R}/git/refs`, (b: { ref?: string }) => b?.ref?.startsWith("refs/heads/") === true)
      .times(3)
      .reply(201, { ref: "x", object: { sha: BASE_SHA } });
    for (const [head, number] of [
      ["conductor/7/p1-proto", 11],
      ["conductor/7/p1-api", 12],
    ] as const) {
      http
        .github()
        .post(`${R}/pulls`, (b: { head?: string }) => b?.head === head)
        .reply(201, { number, state: "open", html_url: "x", head: { ref: head, sha: sha("c") } });
    }
    http.github().post(DISPATCH).times(2).reply(204);
    reaction(http, 632, "eyes");
    dashboardEdited(http, { find: false });
    await app.deliver(comment({ body: "/approve-plan", id: 632 }));
    expect(http.find("POST", DISPATCH).map((r) => (r.body as { ref: string }).ref)).toEqual([
      "conductor/7/p1-proto",
      "conductor/7/p1-api",
    ]);
    expect(store.record?.status).toBe("running");
  });
});
