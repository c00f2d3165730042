/**
 * Check events are read only when their checks can change a decision; the rest cost no request
 * (docs/architecture.md#what-a-task-costs-on-github).
 */
import { describe, expect, test } from "vitest";
import { findHead } from "../../src/core/heads.js";
import { checksMatter } from "../../src/github/to-event/checks-matter.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { checkRun, checkSuite } from "./events.js";
import { R, startApp } from "./harness.js";
import { checksRead, dashboardEdited } from "./mocks.js";
import { ISSUE, Scenario, START, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();

const HEAD = sha("d");
const EARLIER = sha("a");
const PROTO = "conductor/7/p1-proto";
const running = () => new Scenario().opened({ "p1-proto": 11, "p1-api": 12 });
const verifying = () => running().reported("p1-proto", HEAD, 700);
const proto = (s: Scenario) => {
  const m = s.record.modules.find((x) => x.key === "p1-proto");
  if (!m) throw new Error("no p1-proto");
  return m;
};

describe("checksMatter", () => {
  test("a module waiting on its gate: only its head", () => {
    const m = proto(verifying());
    expect([checksMatter(m, HEAD), checksMatter(m, EARLIER)]).toEqual([true, false]);
  });

  test("a module whose result is awaited: any SHA, since it may become the head", () => {
    expect(checksMatter(proto(running()), EARLIER)).toBe(true);
  });

  test("a module not started, or whose merge is sent: nothing", () => {
    const s = verifying();
    expect(checksMatter(proto(new Scenario()), EARLIER)).toBe(false);
    expect(checksMatter({ ...proto(s), state: "merging" }, HEAD)).toBe(false);
    expect(checksMatter({ ...proto(s), state: "merged" }, HEAD)).toBe(false);
  });
});

describe("check events", () => {
  test("the executor's run on the SHA it started from, after the result moved the head: no check read", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, verifying().record);
    await app.deliver(checkRun(PROTO, EARLIER, "execute"));
    await app.deliver(checkSuite(PROTO, EARLIER));
    expect(http.find("GET", `${R}/commits/${EARLIER}/check-runs`)).toEqual([]);
    expect(store.saved).toEqual([]);
  });

  test("CI done before the result was heard of (webhooks are not ordered): read and kept for that SHA", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, running().record);
    checksRead(http, HEAD, [{ id: 1, name: "test", conclusion: "success" }]);
    dashboardEdited(http);
    await app.deliver(checkRun(PROTO, HEAD, "test"));
    const m = store.record?.modules.find((x) => x.key === "p1-proto");
    expect(m && findHead(m, HEAD)?.checks?.passed).toEqual(["test"]);
  });

  test("a head shared through the phase's start commit (no change needed): every module on it hears the one read", async () => {
    const s = running().reported("p1-proto", HEAD, 700).reported("p1-api", HEAD, 701);
    const app = await startApp(http);
    app.clock.now = START + 60_000; // a minute after the results: CI still within its time
    const store = fakeStore(http, ISSUE, s.record);
    checksRead(http, HEAD, [{ id: 1, name: "test", conclusion: null }]);
    dashboardEdited(http);
    await app.deliver(checkRun(PROTO, HEAD, "test"));
    const pending = store.record?.modules.map((m) => m.heads.find((h) => h.sha === HEAD)?.checks?.pending ?? null);
    expect(pending?.slice(0, 2)).toEqual([["test"], ["test"]]);
  });

  test("a failed check for another SHA is kept for that SHA, never on the module's current head", async () => {
    // A module running again whose head an earlier attempt's result set: CI may report on any SHA now.
    const s = running();
    proto(s).head_sha = HEAD;
    const head = HEAD;
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    checksRead(http, EARLIER, [{ id: 1, name: "test", conclusion: "failure" }]);
    dashboardEdited(http);
    await app.deliver(checkRun(PROTO, EARLIER, "test"));
    const m = store.record?.modules.find((x) => x.key === "p1-proto");
    expect(m && findHead(m, EARLIER)?.checks?.failed.map((c) => c.name)).toEqual(["test"]);
    expect(m ? (findHead(m, head)?.checks ?? null) : "no module").toBeNull();
  });
});
