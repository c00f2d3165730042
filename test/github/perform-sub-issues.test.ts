/** The sub-issue performers (docs/task-graph.md#sub-issues): found again by marker, and GitHub's refusals. */
import { describe, expect, test } from "vitest";
import { openSubIssue } from "../../src/github/perform/open-sub-issue.js";
import { subIssueMarker } from "../../src/github/sub-issues/sub-issue-body.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { BOT, R } from "./harness.js";
import { performEnv } from "./perform-env.js";
import { ISSUE, Scenario } from "./scenario.js";

const http = setupStrictHttp();
const record = () => new Scenario().opened({ "p1-proto": 11, "p1-api": 12 }).record;
const effect = {
  type: "OpenSubIssue",
  id: "g1:sub-issue:p1-api",
  module: "p1-api",
  title: "[conductor #7] Phase 1: api",
} as const;
const SUBS = `${R}/issues/${ISSUE}/sub_issues`;
const issue = (
  number: number,
  fields: { state?: string; user?: string; body?: string; assignees?: string[] } = {},
) => ({
  number,
  id: 5000 + number,
  state: fields.state ?? "open",
  body: fields.body ?? `Module api.\n\n${subIssueMarker(ISSUE, "p1-api")}`,
  user: { login: fields.user ?? BOT },
  assignees: (fields.assignees ?? []).map((login) => ({ login })),
});
const recent = { creator: BOT, state: "all", sort: "created", direction: "desc", per_page: "30" };

describe("OpenSubIssue", () => {
  test("a 403 on the sub-issues list (the app may not use it): unavailable, and nothing is created", async () => {
    http.github().get(SUBS).query(true).reply(403, { message: "Resource not accessible by integration" });
    expect(await openSubIssue(effect, performEnv(record()))).toEqual([
      {
        type: "SubIssuesUnavailable",
        id: "effect:g1:sub-issue:p1-api",
        error: "403 Resource not accessible by integration",
      },
    ]);
  });

  test("a secondary rate limit's 403 is an outage: thrown, so the effect is retried, not taken for a missing API", async () => {
    http.github().get(SUBS).query(true).reply(403, { message: "You have exceeded a secondary rate limit." });
    await expect(openSubIssue(effect, performEnv(record()))).rejects.toMatchObject({ status: 403 });
  });

  test("created, then refused as a sub-issue: the new issue is closed as not planned, and the API is unavailable", async () => {
    http.github().get(SUBS).query(true).reply(200, []);
    http.github().get(`${R}/issues`).query(recent).reply(200, []);
    http.github().post(`${R}/issues`).reply(201, issue(30));
    http.github().post(SUBS).reply(410, { message: "Issues are disabled" });
    http
      .github()
      .patch(`${R}/issues/30`)
      .reply(200, issue(30, { state: "closed" }));
    const events = await openSubIssue(effect, performEnv(record()));
    expect(events).toEqual([
      { type: "SubIssuesUnavailable", id: "effect:g1:sub-issue:p1-api", error: "410 Issues are disabled" },
    ]);
    const bodies = http.requests.map((r) => r.body);
    expect(bodies[2]).toMatchObject({
      title: effect.title,
      body: expect.stringContaining(subIssueMarker(ISSUE, "p1-api")),
    });
    expect(bodies[3]).toEqual({ sub_issue_id: 5030 });
    expect(bodies[4]).toEqual({ state: "closed", state_reason: "not_planned" });
  });

  test("its sub-issue from an earlier life of the task, closed: reopened and reused with its assignees", async () => {
    const forged = issue(40, { user: "mallory" });
    http
      .github()
      .get(SUBS)
      .query(true)
      .reply(200, [forged, issue(41, { state: "closed", assignees: ["dana"] })]);
    http.github().patch(`${R}/issues/41`).reply(200, issue(41));
    expect(await openSubIssue(effect, performEnv(record(), { fresh: false }))).toEqual([
      {
        type: "SubIssueOpened",
        id: "effect:g1:sub-issue:p1-api",
        module: "p1-api",
        number: 41,
        issue_id: 5041,
        assignees: ["dana"],
      },
    ]);
    expect(http.requests.at(-1)?.body).toEqual({ state: "open", state_reason: "reopened" });
  });

  test("an issue the app created but did not link (a crash between the two): found among its newest and linked", async () => {
    http.github().get(SUBS).query(true).reply(200, []);
    http
      .github()
      .get(`${R}/issues`)
      .query(recent)
      .reply(200, [issue(52, { body: "another module" }), issue(51)]);
    http.github().post(SUBS).reply(201, issue(51));
    expect(await openSubIssue(effect, performEnv(record(), { fresh: false }))).toMatchObject([
      { type: "SubIssueOpened", number: 51, issue_id: 5051 },
    ]);
    expect(http.requests.at(-1)?.body).toEqual({ sub_issue_id: 5051 });
  });
});
