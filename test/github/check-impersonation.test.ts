/**
 * `gates.checks: [names]` against a commit status named like a required check (DESIGN §6, trust but verify):
 * anyone who can post a status on the SHA must not make the gate green while the real check run of that name
 * is still in progress. A name counts green only when every check run and status of that name is green.
 */
import { expect, test } from "vitest";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { checkSuite } from "./events.js";
import { R, startApp } from "./harness.js";
import { checksRead, dashboardEdited } from "./mocks.js";
import { ISSUE, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
const HEAD = sha("d");
const PROTO = "conductor/7/p1-proto";
/** Five minutes before the app's clock (test/github/harness.ts): well within `gates.checks_timeout_minutes`. */
const RECENT = Date.UTC(2026, 10, 21, 11, 55, 0);
const named = () =>
  new Scenario({ config: { gates: { checks: ["CI"] } }, now: RECENT })
    .opened({ "p1-proto": 11, "p1-api": 12 })
    .reported("p1-proto", HEAD, 700);

test("a success status named like the required check does not pass while the check run is in progress", async () => {
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, named().record);
  checksRead(http, HEAD, [{ id: 1, name: "CI", conclusion: null }], [{ context: "CI", state: "success" }]);
  dashboardEdited(http);
  await app.deliver(checkSuite(PROTO, HEAD));
  expect(http.find("PUT", `${R}/pulls/11/merge`)).toEqual([]);
  const proto = store.record?.modules.find((m) => m.key === "p1-proto");
  expect(proto?.state).toBe("verifying");
  expect(proto?.gate?.reasons).toContain("checks pending: CI");
});

test("an earlier read that saw only the status does not survive the run appearing in progress", async () => {
  const s = new Scenario({ config: { gates: { checks: ["CI"] } }, now: RECENT }).opened({
    "p1-proto": 11,
    "p1-api": 12,
  });
  const early = s
    .apply({
      type: "ChecksCompleted",
      id: "early",
      module: "p1-proto",
      head_sha: HEAD,
      checks: { pending: [], passed: ["CI"], failed: [], none_seen: false },
    })
    // The result is in, verify has not reported: nothing merges yet, and the run shows up in the next read.
    .apply({
      type: "ResultPosted",
      id: "result",
      module: "p1-proto",
      comment_id: 700,
      result: s.result("p1-proto", HEAD),
      author_is_app: true,
    });
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, early.record);
  checksRead(http, HEAD, [{ id: 1, name: "CI", conclusion: null }], [{ context: "CI", state: "success" }]);
  dashboardEdited(http);
  await app.deliver(checkSuite(PROTO, HEAD));
  const head = store.record?.modules.find((m) => m.key === "p1-proto")?.heads.find((h) => h.sha === HEAD);
  expect(head?.checks?.pending).toEqual(["CI"]);
  expect(head?.checks?.passed).toEqual([]);
  expect(http.find("PUT", `${R}/pulls/11/merge`)).toEqual([]);
});
