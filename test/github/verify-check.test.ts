/**
 * `conductor/verify` and result authenticity through `probot.receive()` (DESIGN §5, §6): the executor's
 * result comment → the PR's files → a check run whose request body carries the findings as annotations
 * on the right lines → the core (critical findings escalate at once; the rest become the next brief's
 * feedback). Results from anyone but the app, or for another attempt, are ignored.
 */
import { describe, expect, test } from "vitest";
import { Brief } from "../../src/protocol/brief.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import type { Result } from "../../src/protocol/result.js";
import type { PrFile } from "../../src/verify/pr-file.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { printRequestCounts } from "./counts.js";
import { checkSuite, resultComment } from "./events.js";
import { R, startApp } from "./harness.js";
import { checksRead, commentPosted, dashboardEdited, setLabels } from "./mocks.js";
import { ISSUE, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);

const HEAD = sha("d");
/** proto may change src/** and test/** only. */
const SPEC = `## Implementation Phases

### Phase 1: Proto definitions
Modules: proto, api
Test Command: npm test

#### Module: proto
Paths: src/**, test/**
`;
// Built at run time so that no scanner takes this file for a leak; shaped like a real GitHub token.
const TOKEN = ["ghp", "R8x2LmQ7vN4tK9pW3zY6sB1dF5gH0jQ2aXcEuT"].join("_");

const running = () => new Scenario({ spec: SPEC }).opened({ "p1-proto": 11, "p1-api": 12 });
const added = (filename: string, lines: string[], status: PrFile["status"] = "added"): PrFile => ({
  filename,
  status,
  additions: lines.length,
  deletions: 0,
  changes: lines.length,
  patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join("\n")}`,
});

type CheckBody = {
  name: string;
  head_sha: string;
  conclusion: string;
  output: { title: string; summary: string; annotations: { path: string; start_line: number; title: string }[] };
};

/** The result comment is delivered; the PR has `files`; the check run's request body is returned. */
async function verified(files: PrFile[], over: (s: Scenario) => Partial<Result> = () => ({}), extra = () => {}) {
  const s = running();
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, s.record);
  http.github().get(`${R}/pulls/11/files`).query(true).reply(200, files);
  http.github().post(`${R}/check-runs`).reply(201, { id: 77 });
  extra();
  dashboardEdited(http);
  await app.deliver(resultComment(11, s.result("p1-proto", HEAD, over(s))));
  const body = http.find("POST", `${R}/check-runs`)[0]?.body as CheckBody;
  return { app, store, body };
}

/** The escalation: one comment on the issue and the blocked label. */
function escalation(match: (b: string) => boolean): void {
  commentPosted(http, ISSUE, (b) => b.includes("conductor:escalation") && match(b));
  setLabels(http, {
    create: ["conductor:blocked"],
    present: ["orchestrate", "conductor:running"],
    add: ["conductor:blocked"],
    remove: ["conductor:running"],
  });
}

describe("conductor/verify findings", () => {
  test("placeholder: failure with an annotation on the TODO's line, and the finding in the next brief", async () => {
    const files = [added("src/a.ts", ["export const a = 1;", "// TODO: handle errors", "export const b = 2;"])];
    const { app, store, body } = await verified(files);
    expect(body).toMatchObject({ name: "conductor/verify", head_sha: HEAD, conclusion: "failure" });
    expect(body.output.annotations).toEqual([
      expect.objectContaining({ path: "src/a.ts", start_line: 2, end_line: 2, title: "Placeholder left in the code" }),
    ]);
    expect(store.record?.status).toBe("running");

    checksRead(http, HEAD, [{ id: 1, name: "test", conclusion: "success" }]);
    http.github().patch(`${R}/pulls/11`).reply(200, { number: 11 });
    http.github().post(`${R}/actions/workflows/conductor-executor.yml/dispatches`).reply(204);
    dashboardEdited(http, { find: false });
    await app.deliver(checkSuite("conductor/7/p1-proto", HEAD));
    const text = (http.find("PATCH", `${R}/pulls/11`)[0]?.body as { body?: string } | undefined)?.body ?? "";
    const brief = decodeMarker("brief", text, Brief);
    expect(brief.ok && brief.value.attempt).toBe(2);
    expect(brief.ok && brief.value.feedback[0]?.verify_findings).toEqual([
      expect.objectContaining({ rule: "placeholder", path: "src/a.ts", line: 2 }),
    ]);
  });

  test("protected path: escalated at once (critical), nothing dispatched", async () => {
    const files = [added(".github/workflows/ci.yml", ["on: push", "jobs: {}"], "modified")];
    const { store, body } = await verified(files, undefined, () =>
      escalation((b) => b.includes("critical verify finding") && b.includes(".github/workflows/ci.yml")),
    );
    expect(body.conclusion).toBe("failure");
    expect(body.output.annotations.map((a) => a.title)).toContain("Protected path changed");
    expect(store.record?.status).toBe("blocked");
    expect(store.record?.modules.find((m) => m.key === "p1-proto")?.state).toBe("failed");
    expect(http.find("POST", `${R}/actions/workflows/conductor-executor.yml/dispatches`)).toEqual([]);
  });

  test("secret: escalated at once, and the secret is in no request the app sent", async () => {
    const files = [added("src/a.ts", ["export const a = 1;", `const token = "${TOKEN}";`])];
    const { body } = await verified(files, undefined, () => escalation((b) => b.includes("looks like a GitHub token")));
    expect(body.output.annotations).toEqual([
      expect.objectContaining({ path: "src/a.ts", start_line: 2, title: "Possible secret" }),
    ]);
    const sent = http.requests.filter((r) => r.method !== "GET").map((r) => JSON.stringify(r.body ?? null));
    expect(sent.filter((b) => b.includes(TOKEN.slice(4, 20)))).toEqual([]);
  });

  const OTHER_RULES: { rule: string; title: string; files: PrFile[]; over?: (s: Scenario) => Partial<Result> }[] = [
    {
      rule: "empty diff with a claimed change",
      title: "Empty diff, claimed change",
      files: [],
    },
    {
      rule: "changes_made naming an untouched file",
      title: "Claimed change not in the diff",
      files: [added("src/b.ts", ["export const b = 1;"])],
    },
    {
      rule: "outside the module's Paths",
      title: "Outside the module's paths",
      files: [added("src/a.ts", ["export const a = 1;"]), added("docs/x.md", ["# x"])],
    },
    {
      rule: "tests deleted",
      title: "Tests deleted",
      files: [
        added("src/a.ts", ["export const a = 1;"]),
        {
          filename: "test/a.test.ts",
          status: "removed",
          additions: 0,
          deletions: 1,
          changes: 1,
          patch: "@@ -1 +0,0 @@\n-test('a', () => {});",
        },
      ],
    },
    {
      rule: "a newly skipped test",
      title: "Test skipped",
      files: [added("src/a.ts", ["export const a = 1;"]), added("test/a.test.ts", ["test.skip('a', () => {});"])],
    },
    {
      rule: "the harness saw the test command fail",
      title: "Harness run failed",
      files: [added("src/a.ts", ["export const a = 1;"])],
      over: () => ({ test: { command: "npm test", exit_code: 1, output_tail: "1 failed", timed_out: false } }),
    },
  ];

  test.each(OTHER_RULES)("$rule: failure, titled $title", async ({ title, files, over }) => {
    const { body, store } = await verified(files, over);
    expect(body.conclusion).toBe("failure");
    expect([...body.output.annotations.map((a) => a.title), body.output.summary].join("\n")).toContain(title);
    expect(store.record?.status).toBe("running");
  });
});

describe("result authenticity", () => {
  test("a result comment forged by a user: ignored, no verify check, the attempt keeps running", async () => {
    const s = running();
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    dashboardEdited(http);
    await app.deliver(resultComment(11, s.result("p1-proto", HEAD), { author: "mallory" }));
    expect(http.find("POST", `${R}/check-runs`)).toEqual([]);
    expect(store.record?.modules.find((m) => m.key === "p1-proto")?.attempts[0]?.result).toBeNull();
    expect(app.logs.some((l) => /not posted by the app/.test(l.msg))).toBe(true);
  });

  test.each([
    ["the wrong nonce", { nonce: "forged-nonce" }],
    ["another attempt", { attempt: 2 }],
  ])("the app's own comment with %s: ignored, no verify check", async (_what, over) => {
    const s = running();
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    dashboardEdited(http);
    await app.deliver(resultComment(11, s.result("p1-proto", HEAD, over)));
    expect(http.find("POST", `${R}/check-runs`)).toEqual([]);
    const proto = store.record?.modules.find((m) => m.key === "p1-proto");
    expect([proto?.state, proto?.attempts[0]?.result]).toEqual(["running", null]);
    expect(store.record?.log.at(-1)?.text).toMatch(/ignored/i);
  });
});
