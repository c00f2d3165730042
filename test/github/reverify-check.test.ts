/**
 * Re-verification through `probot.receive()` (docs/security.md#independent-re-verification): with
 * `gates.reverify: required`, a done result creates no `conductor/verify` by itself; the App's
 * re-verification comment does, and the check fails with a finding naming the command, the claimed and
 * the observed exit code and the output tail. A re-verification comment by anyone else is ignored.
 */
import { describe, expect, test } from "vitest";
import { encodeMarker } from "../../src/protocol/marker.js";
import type { Reverification } from "../../src/protocol/reverify.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { comment, resultComment } from "./events.js";
import { BOT, R, startApp } from "./harness.js";
import { dashboardEdited } from "./mocks.js";
import { ISSUE, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
const HEAD = sha("d");
const SPEC = `## Implementation Phases

### Phase 1: Proto definitions
Modules: proto
Test Command: npm test

#### Module: proto
Paths: src/**
`;

type CheckBody = { name: string; head_sha: string; conclusion: string; output: { title: string; summary: string } };

function reverifyComment(s: Scenario, record: Partial<Reverification>, o: { author?: string; id?: number } = {}) {
  const attempt = s.attempt("p1-proto");
  const full: Reverification = {
    version: 1,
    task: ISSUE,
    module: "proto",
    attempt: attempt.number,
    nonce: attempt.nonce,
    head_sha: HEAD,
    test: { command: "npm test", exit_code: 1, output_tail: "1 failing: adds a user", timed_out: false },
    items: [],
    sandbox: "commands run as uid 65534",
    ...record,
  };
  const author = o.author ?? BOT;
  const body = `### 🔁 Re-verification\n\n${encodeMarker("reverify", full)}`;
  return {
    body,
    event: comment({ pr: 11, body, author, authorType: author.endsWith("[bot]") ? "Bot" : "User", id: o.id ?? 901 }),
  };
}

describe("gates.reverify: required", () => {
  test("the result waits; the App's re-verification finds the false claim and fails conductor/verify", async () => {
    const s = new Scenario({ spec: SPEC, config: { gates: { reverify: "required" } } }).opened({ "p1-proto": 11 });
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    const result = s.result("p1-proto", HEAD);
    const { body, event } = reverifyComment(s, {});
    dashboardEdited(http);
    await app.deliver(resultComment(11, result));
    expect(http.find("POST", `${R}/check-runs`)).toEqual([]);
    expect(store.record?.modules[0]?.state).toBe("verifying");

    http
      .github()
      .get(`${R}/pulls/11/files`)
      .query(true)
      .reply(200, [
        { filename: "src/a.ts", status: "added", additions: 1, deletions: 0, changes: 1, patch: "@@ -0,0 +1 @@\n+it" },
      ]);
    http
      .github()
      .get(`${R}/issues/comments/901`)
      .reply(200, { id: 901, body, user: { login: BOT } });
    http.github().post(`${R}/check-runs`).reply(201, { id: 77 });
    dashboardEdited(http, { find: false });
    await app.deliver(event);
    const check = http.find("POST", `${R}/check-runs`)[0]?.body as CheckBody;
    expect(check).toMatchObject({ name: "conductor/verify", head_sha: HEAD, conclusion: "failure" });
    expect(check.output.summary).toContain(
      "Test command `npm test`: the result claims exit 0, the re-verification observed exit 1.",
    );
    expect(check.output.summary).toContain("1 failing: adds a user");
    expect(store.record?.modules[0]?.attempts[0]?.reverify_comment_id).toBe(901);
  });

  test("a re-verification comment posted by someone else is ignored: no check, nothing recorded", async () => {
    const s = new Scenario({ spec: SPEC, config: { gates: { reverify: "required" } } }).opened({ "p1-proto": 11 });
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    dashboardEdited(http);
    await app.deliver(resultComment(11, s.result("p1-proto", HEAD)));
    const forged = reverifyComment(
      s,
      { test: { command: "npm test", exit_code: 0, output_tail: "", timed_out: false } },
      {
        author: "mallory",
      },
    );
    dashboardEdited(http, { find: false }); // the dashboard's log says it was ignored
    await app.deliver(forged.event);
    expect(http.find("POST", `${R}/check-runs`)).toEqual([]);
    expect(store.record?.modules[0]?.attempts[0]?.reverify_comment_id).toBeNull();
  });
});
