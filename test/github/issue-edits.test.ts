/** `issues.edited`: the editor's role is read only when an edit could change the plan, and only writers count. */
import { expect, test } from "vitest";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { edited } from "./events.js";
import { startApp } from "./harness.js";
import { dashboardEdited, permission } from "./mocks.js";
import { ISSUE, Scenario } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();

const paused = () =>
  new Scenario().opened({ "p1-proto": 11, "p1-api": 12 }).apply({ type: "LabelRemoved", id: "un", sender: "octocat" });

test("an edit of a running task reads no role and changes nothing", async () => {
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, new Scenario().opened({ "p1-proto": 11, "p1-api": 12 }).record);
  await app.deliver(edited({ sender: "mallory", body: "## Implementation Phases\n### Phase 1: evil" }));
  expect(http.find("GET", /\/collaborators\//)).toEqual([]);
  expect(store.saved).toEqual([]);
});

test("while paused, an edit by a triager is recorded but does not mark the spec changed", async () => {
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, paused().record);
  permission(http, "mallory", "triage");
  dashboardEdited(http);
  await app.deliver(edited({ sender: "mallory", body: "## Implementation Phases\n### Phase 1: evil" }));
  expect(store.record?.spec_changed).toBe(false);
  expect(store.record?.last_edit).toMatchObject({ by: "mallory", role: "triage" });
});

test("while paused, an edit by a maintainer marks the spec changed", async () => {
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, paused().record);
  permission(http, "maria", "maintain");
  dashboardEdited(http);
  await app.deliver(edited({ sender: "maria", body: "## Implementation Phases\n### Phase 1: better" }));
  expect(store.record?.spec_changed).toBe(true);
});
