import { describe, expect, test } from "vitest";
import { NO_CHECKS_REASON } from "../../src/core/gates.js";
import { markEffectDone } from "../../src/core/outbox.js";
import { transition } from "../../src/core/transition.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { printRequestCounts } from "./counts.js";
import { checkSuite, resultComment } from "./events.js";
import { INSTALLATION, OWNER, R, REPO, startApp } from "./harness.js";
import { checksRead, commentPosted, dashboardEdited, setLabels } from "./mocks.js";
import { ISSUE, Scenario, START, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);

const HEAD = sha("d");
const MERGED = sha("e");
const PROTO = "conductor/7/p1-proto";
const verifying = () => new Scenario().opened({ "p1-proto": 11, "p1-api": 12 }).reported("p1-proto", HEAD, 700);

describe("redelivery, races and lost webhooks", () => {
  test("the same delivery twice: the second reads the record and changes nothing — one merge, no second save", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, verifying().record);
    // Read once: at the second delivery the merge is under way, so the checks cannot matter any more.
    checksRead(http, HEAD, [{ id: 1, name: "test", conclusion: "success" }]);
    http.github().put(`${R}/pulls/11/merge`).reply(200, { sha: MERGED, merged: true, message: "merged" });
    dashboardEdited(http);
    await app.deliver(checkSuite(PROTO, HEAD, { delivery: "same-delivery" }));
    const saves = store.saved.length;
    await app.deliver(checkSuite(PROTO, HEAD, { delivery: "same-delivery" }));
    expect(http.find("PUT", `${R}/pulls/11/merge`)).toHaveLength(1);
    expect(store.saved).toHaveLength(saves);
  });

  test("the same result comment twice: one conductor/verify check", async () => {
    const s = new Scenario().opened({ "p1-proto": 11, "p1-api": 12 });
    const app = await startApp(http);
    fakeStore(http, ISSUE, s.record);
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
    http.github().post(`${R}/check-runs`).reply(201, { id: 77 });
    dashboardEdited(http);
    const event = resultComment(11, s.result("p1-proto", HEAD), { id: 4242 });
    await app.deliver(event);
    await app.deliver(event);
    expect(http.find("POST", `${R}/check-runs`)).toHaveLength(1);
  });

  test("a lost compare-and-swap: the record is reloaded and the event applied again, nothing lost", async () => {
    const s = verifying();
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    const approved = sha("a");
    // Another replica records an approval of api while we decide the merge of proto.
    store.raceNextSave((current) => {
      const other = transition(
        current,
        {
          type: "ReviewSubmitted",
          role: "write",
          id: "other-replica",
          module: "p1-api",
          head_sha: approved,
          state: "approved",
          reviewer: "octocat",
        },
        { now: START, config: current.config },
      ).record;
      if (!other) throw new Error("no record");
      return other.outbox.reduce((r, e) => markEffectDone(r, e.id), other);
    });
    checksRead(http, HEAD, [{ id: 1, name: "test", conclusion: "success" }]);
    http.github().put(`${R}/pulls/11/merge`).reply(200, { sha: MERGED, merged: true, message: "merged" });
    dashboardEdited(http);
    await app.deliver(checkSuite(PROTO, HEAD, { delivery: "ours" }));
    const record = store.record;
    // Every save of ours went through, plus the one the other writer's save refused.
    expect(http.find("PUT", `${R}/contents/tasks%2F${ISSUE}.json`)).toHaveLength(store.saved.length + 1);
    expect(record?.modules.find((m) => m.key === "p1-proto")?.state).toBe("merged");
    expect(record?.modules.find((m) => m.key === "p1-api")?.approved_sha).toBe(approved);
    expect(record?.seen_events).toEqual(expect.arrayContaining(["other-replica", "ours"]));
    expect(http.find("PUT", `${R}/pulls/11/merge`)).toHaveLength(1);
  });

  test("checks that never arrive: after a restart the sweep finds the task, and its next Tick escalates", async () => {
    const app = await startApp(http);
    app.clock.now = START + 31 * 60_000;
    fakeStore(http, ISSUE, verifying().record);
    http
      .github()
      .get("/app/installations")
      .query(true)
      .reply(200, [{ id: INSTALLATION }]);
    http
      .github()
      .get("/installation/repositories")
      .query(true)
      .reply(200, {
        total_count: 1,
        repositories: [{ name: REPO, owner: { login: OWNER } }],
      });
    http
      .github()
      .get(`${R}/issues`)
      .query({ labels: "conductor:running", state: "open", per_page: "100", page: "1" })
      .reply(200, [{ number: ISSUE }, { number: 99, pull_request: {} }]);
    await app.conductor.rebuild();

    http.github().get(`${R}/issues/12/comments`).query(true).reply(200, []); // api's result: still none
    checksRead(http, HEAD, []);
    commentPosted(http, ISSUE, (b) => b.includes("**blocked**") && b.includes(NO_CHECKS_REASON));
    setLabels(http, {
      create: ["conductor:blocked"],
      present: ["orchestrate", "conductor:running"],
      add: ["conductor:blocked"],
      remove: ["conductor:running"],
    });
    dashboardEdited(http);
    await app.tick();
    expect(http.find("POST", `${R}/actions/workflows/conductor-executor.yml/dispatches`)).toEqual([]);
  });
});
