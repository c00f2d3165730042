/** Reviews of module PRs reach the core with their state: a comment keeps an approval, a dismissal revokes it. */
import { expect, test } from "vitest";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { review } from "./events.js";
import { startApp } from "./harness.js";
import { dashboardEdited, permission } from "./mocks.js";
import { ISSUE, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
const PROTO = "conductor/7/p1-proto";
const HEAD = sha("d");

/** proto's PR is open and approved at HEAD by octocat (checks still pending, so nothing merges). */
const approved = () =>
  new Scenario({ config: { gates: { review: "required" } } }).opened({ "p1-proto": 11, "p1-api": 12 }).apply({
    type: "ReviewSubmitted",
    role: "write",
    id: "setup-review",
    module: "p1-proto",
    head_sha: HEAD,
    state: "approved",
    reviewer: "octocat",
  });

test("a comment-only review leaves the approval alone", async () => {
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, approved().record);
  await app.deliver(review(PROTO, HEAD, { state: "commented", reviewer: "bo" }));
  expect(store.record?.modules.find((m) => m.key === "p1-proto")?.approved_sha).toBe(HEAD);
});

test("pull_request_review.dismissed revokes the approval", async () => {
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, approved().record);
  dashboardEdited(http);
  await app.deliver(review(PROTO, HEAD, { state: "dismissed", reviewer: "octocat" }));
  expect(store.record?.modules.find((m) => m.key === "p1-proto")?.approved_sha).toBeNull();
});

test("an approval from a reviewer without write access does not count", async () => {
  const app = await startApp(http);
  const store = fakeStore(
    http,
    ISSUE,
    new Scenario({ config: { gates: { review: "required" } } }).opened({ "p1-proto": 11, "p1-api": 12 }).record,
  );
  permission(http, "drive-by", "triage");
  dashboardEdited(http);
  await app.deliver(review(PROTO, HEAD, { state: "approved", reviewer: "drive-by" }));
  expect(store.record?.modules.find((m) => m.key === "p1-proto")?.approved_sha).toBeNull();
  expect(store.record?.log.at(-1)?.text).toMatch(/approvals need write access/);
});

test("an approval from a writer counts, for the SHA it was given on", async () => {
  const app = await startApp(http);
  const store = fakeStore(
    http,
    ISSUE,
    new Scenario({ config: { gates: { review: "required" } } }).opened({ "p1-proto": 11, "p1-api": 12 }).record,
  );
  permission(http, "maintainer", "write");
  dashboardEdited(http);
  await app.deliver(review(PROTO, HEAD, { state: "approved", reviewer: "maintainer" }));
  expect(store.record?.modules.find((m) => m.key === "p1-proto")?.approved_sha).toBe(HEAD);
});
