import { describe, expect, test } from "vitest";
import { Brief } from "../../src/protocol/brief.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { printRequestCounts } from "./counts.js";
import { checkSuite, resultComment } from "./events.js";
import { BOT, R, startApp } from "./harness.js";
import { checksRead, commentPosted, dashboardEdited, setLabels } from "./mocks.js";
import { ISSUE, ONE_MODULE_SPEC, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);

const HEAD = sha("d");
const MERGED = sha("e");
const PROTO = "conductor/7/p1-proto";
const running = () => new Scenario().opened({ "p1-proto": 11, "p1-api": 12 });

describe("results and gates", () => {
  test("a result comment by anyone but the app is ignored: no verify check, the attempt keeps running", async () => {
    const s = running();
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    dashboardEdited(http);
    await app.deliver(resultComment(11, s.result("p1-proto", HEAD), { author: "mallory" }));
    expect(http.find("POST", `${R}/check-runs`)).toEqual([]);
    const proto = store.record?.modules.find((m) => m.key === "p1-proto");
    expect(proto?.state).toBe("running");
    expect(proto?.attempts[0]?.result).toBeNull();
    expect(store.record?.log.at(-1)?.text).toMatch(/not posted by the app/);
  });

  test("the app's result: conductor/verify is computed from the PR's files and posted on the reported head", async () => {
    const s = running();
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    http
      .github()
      .get(`${R}/pulls/11/files`)
      .query(true)
      .reply(200, [
        {
          filename: "src/a.ts",
          status: "added",
          additions: 2,
          deletions: 0,
          changes: 2,
          patch: "@@ -0,0 +1,2 @@\n+export const a = 1;\n+export const b = 2;",
        },
      ]);
    http.github().post(`${R}/check-runs`).reply(201, { id: 77 });
    dashboardEdited(http);
    await app.deliver(resultComment(11, s.result("p1-proto", HEAD)));
    expect(http.find("POST", `${R}/check-runs`)[0]?.body).toMatchObject({
      name: "conductor/verify",
      head_sha: HEAD,
      status: "completed",
      conclusion: "success",
    });
    const proto = store.record?.modules.find((m) => m.key === "p1-proto");
    expect(proto?.state).toBe("verifying");
    expect(proto?.heads.find((h) => h.sha === HEAD)?.verify).toEqual({ findings: [] });
  });

  test("green checks: merged with sha = the verified head", async () => {
    const s = running().reported("p1-proto", HEAD, 700);
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    checksRead(http, HEAD, [{ id: 1, name: "test", conclusion: "success" }], [{ context: "lint", state: "success" }]);
    http
      .github()
      .put(`${R}/pulls/11/merge`)
      .reply(200, { sha: MERGED, merged: true, message: "Pull Request successfully merged" });
    dashboardEdited(http);
    await app.deliver(checkSuite(PROTO, HEAD));
    expect(http.find("PUT", `${R}/pulls/11/merge`)[0]?.body).toEqual({ sha: HEAD, merge_method: "squash" });
    const proto = store.record?.modules.find((m) => m.key === "p1-proto");
    expect([proto?.state, proto?.merge_sha]).toEqual(["merged", MERGED]);
  });

  test("red checks: a new attempt whose brief carries the failed check, its summary and annotations", async () => {
    const s = running().reported("p1-proto", HEAD, 700);
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    checksRead(http, HEAD, [
      {
        id: 5,
        name: "test",
        conclusion: "failure",
        summary: "1 failed",
        annotations: [{ path: "src/a.ts", line: 3, message: "expected 1, got 2" }],
      },
    ]);
    http.github().patch(`${R}/pulls/11`).reply(200, { number: 11 });
    http.github().post(`${R}/actions/workflows/conductor-executor.yml/dispatches`).reply(204);
    dashboardEdited(http);
    await app.deliver(checkSuite(PROTO, HEAD));
    const body = (http.find("PATCH", `${R}/pulls/11`)[0]?.body as { body?: string } | undefined)?.body ?? "";
    const brief = decodeMarker("brief", body, Brief);
    expect(brief.ok && brief.value.attempt).toBe(2);
    const feedback = brief.ok ? brief.value.feedback[0] : undefined;
    expect(feedback?.failed_checks).toEqual([
      expect.objectContaining({
        name: "test",
        conclusion: "failure",
        annotations: [expect.objectContaining({ path: "src/a.ts", line: 3 })],
      }),
    ]);
    expect(feedback?.log_tail).toMatch(/1 failed/);
    expect(body).toMatch(/failed checks: test/);
    const dispatch = http.find("POST", `${R}/actions/workflows/conductor-executor.yml/dispatches`)[0]?.body;
    expect(dispatch).toMatchObject({
      ref: PROTO,
      inputs: { pr: "11", attempt: "2", nonce: brief.ok ? brief.value.nonce : "" },
    });
    expect(store.record?.modules.find((m) => m.key === "p1-proto")?.attempts.map((a) => a.state)).toEqual([
      "failed",
      "running",
    ]);
  });

  test("max attempts: one escalation comment with the mentions, the blocked label, and the chat webhook", async () => {
    const config = {
      retries: { max_attempts: 2, same_failure_limit: 5 },
      escalation: { mention: ["@acme/leads"], webhook_url: "https://hooks.example.com/x" },
    };
    const s = new Scenario({ config, assignees: ["hubot"] })
      .opened({ "p1-proto": 11, "p1-api": 12 })
      .reported("p1-proto", HEAD, 700);
    const red = (name: string) => ({
      pending: [],
      passed: [],
      none_seen: false,
      failed: [{ name, conclusion: "failure", summary: "", annotations: [] }],
    });
    s.apply({ type: "ChecksCompleted", id: "setup-red-1", module: "p1-proto", head_sha: HEAD, checks: red("lint") });
    const head2 = sha("f");
    s.reported("p1-proto", head2, 701);
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    checksRead(http, head2, [{ id: 6, name: "test", conclusion: "failure" }]);
    commentPosted(
      http,
      ISSUE,
      (b) =>
        b.includes("@hubot") &&
        b.includes("@acme/leads") &&
        b.includes("**blocked**") &&
        b.includes("conductor:escalation"),
    );
    setLabels(http, {
      create: ["conductor:blocked"],
      present: ["orchestrate", "conductor:running"],
      add: ["conductor:blocked"],
      remove: ["conductor:running"],
    });
    dashboardEdited(http);
    await app.deliver(checkSuite(PROTO, head2));
    expect(store.record?.status).toBe("blocked");
    expect(app.posted).toEqual([
      { url: "https://hooks.example.com/x", body: { text: expect.stringContaining("2 attempts failed") } },
    ]);
    expect(http.find("POST", `${R}/actions/workflows/conductor-executor.yml/dispatches`)).toEqual([]);
  });

  test("the last phase merged: a checkpoint ref and the final PR integration → base with Closes #n", async () => {
    const s = new Scenario({ spec: ONE_MODULE_SPEC }).opened({ "p1-core": 21 }).reported("p1-core", HEAD, 700);
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    checksRead(http, HEAD, [{ id: 1, name: "test", conclusion: "success" }]);
    http.github().put(`${R}/pulls/21/merge`).reply(200, { sha: MERGED, merged: true, message: "merged" });
    http.github().post(`${R}/git/refs`, { ref: "refs/conductor/7/checkpoint-1", sha: MERGED }).reply(201, {});
    http
      .github()
      .get(`${R}/issues/${ISSUE}`)
      .reply(200, { number: ISSUE, title: "Build the service", body: ONE_MODULE_SPEC });
    http
      .github()
      .post(`${R}/pulls`)
      .reply(201, {
        number: 30,
        state: "open",
        html_url: "https://github.com/x/pull/30",
        head: { ref: "conductor/7/integration", sha: MERGED },
      });
    setLabels(http, {
      create: ["conductor:done"],
      present: ["orchestrate", "conductor:running"],
      add: ["conductor:done"],
      remove: ["conductor:running"],
    });
    dashboardEdited(http);
    await app.deliver(checkSuite("conductor/7/p1-core", HEAD));
    const final = http.find("POST", `${R}/pulls`)[0]?.body as {
      title: string;
      head: string;
      base: string;
      body: string;
      draft: boolean;
    };
    expect([final.title, final.head, final.base, final.draft]).toEqual([
      "Build the service",
      "conductor/7/integration",
      "master",
      false,
    ]);
    expect(final.body).toMatch(/Closes #7$/);
    expect(final.body).toContain("#21");
    expect([store.record?.status, store.record?.final_pr, store.record?.checkpoints.map((c) => c.sha)]).toEqual([
      "done",
      30,
      [MERGED],
    ]);
    expect(BOT).toBe("conductor[bot]");
  });
});
