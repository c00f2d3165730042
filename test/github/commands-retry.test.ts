/**
 * `/retry [note]` through `probot.receive()` (DESIGN §2): on a module PR a new attempt whose brief carries
 * the note; on the task issue a blocked task resumes from its stopped modules.
 */
import { describe, expect, test } from "vitest";
import { Brief } from "../../src/protocol/brief.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { mutations, reaction } from "./commands-fixtures.js";
import { printRequestCounts } from "./counts.js";
import { comment } from "./events.js";
import { R, startApp } from "./harness.js";
import { dashboardEdited, noConfig, permission, setLabels } from "./mocks.js";
import { ISSUE, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);

const HEAD = sha("d");
const DISPATCH = `${R}/actions/workflows/conductor-executor.yml/dispatches`;

/** The brief in the module PR body the app wrote last. */
function briefSent(pr: number) {
  const body = (http.find("PATCH", `${R}/pulls/${pr}`).at(-1)?.body as { body?: string } | undefined)?.body ?? "";
  const read = decodeMarker("brief", body, Brief);
  if (!read.ok) throw new Error(read.message);
  return read.value;
}

describe("/retry", () => {
  test("on a module PR with a note, by a writer: 👀, a new attempt whose brief carries the note, dispatched", async () => {
    const s = new Scenario().opened({ "p1-proto": 11, "p1-api": 12 }).reported("p1-proto", HEAD, 700);
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    permission(http, "octocat", "write");
    noConfig(http);
    http.github().patch(`${R}/pulls/11`).reply(200, { number: 11 });
    http.github().post(DISPATCH).reply(204);
    reaction(http, 610, "eyes");
    dashboardEdited(http);
    const note = "Use the generated stubs in gen/, do not hand-write them.\nAnd keep field numbers.";
    await app.deliver(comment({ body: `/retry ${note}`, pr: 11, id: 610 }));

    const brief = briefSent(11);
    expect([brief.module, brief.attempt]).toEqual(["proto", 2]);
    expect(brief.feedback.at(-1)?.note).toBe(note);
    expect(http.find("POST", DISPATCH)[0]?.body).toMatchObject({
      ref: "conductor/7/p1-proto",
      inputs: { pr: "11", attempt: "2", nonce: brief.nonce },
    });
    expect(mutations(http)).toEqual([
      "PATCH /pulls/11",
      "POST /actions/workflows/conductor-executor.yml/dispatches",
      "POST /issues/comments/610/reactions",
    ]);
    const proto = store.record?.modules.find((m) => m.key === "p1-proto");
    expect(proto?.attempts.map((a) => a.state)).toEqual(["done", "running"]);
  });

  test("on the task issue of a blocked task: 👀, labels back to running, the failed module dispatched again", async () => {
    const s = new Scenario({ config: { retries: { max_attempts: 1 } } })
      .opened({ "p1-proto": 11, "p1-api": 12 })
      .reported("p1-proto", HEAD, 700);
    s.apply({
      type: "ChecksCompleted",
      id: "setup-red",
      module: "p1-proto",
      head_sha: HEAD,
      checks: {
        pending: [],
        passed: [],
        none_seen: false,
        failed: [{ name: "test", conclusion: "failure", summary: "", annotations: [] }],
      },
    });
    expect(s.record.status).toBe("blocked");
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    permission(http, "octocat", "maintain");
    noConfig(http);
    setLabels(http, {
      create: ["conductor:running"],
      present: ["orchestrate", "conductor:blocked"],
      add: ["conductor:running"],
      remove: ["conductor:blocked"],
    });
    http.github().patch(`${R}/pulls/11`).reply(200, { number: 11 });
    http.github().post(DISPATCH).reply(204);
    reaction(http, 611, "eyes");
    dashboardEdited(http);
    await app.deliver(comment({ body: "/retry", id: 611 }));
    expect(briefSent(11).attempt).toBe(2);
    expect(store.record?.status).toBe("running");
    expect(store.record?.modules.find((m) => m.key === "p1-proto")?.state).toBe("running");
  });
});
