/** Performers that talk rather than move code: dispatch, cancel, close, dashboard, labels, plan, chat. */
import { describe, expect, test } from "vitest";
import { cancelRun } from "../../src/github/perform/cancel-run.js";
import { closePullRequest } from "../../src/github/perform/close-pull-request.js";
import { dispatch } from "../../src/github/perform/dispatch.js";
import { postWebhook } from "../../src/github/perform/post-webhook.js";
import { requestPlan } from "../../src/github/perform/request-plan.js";
import { setLabels } from "../../src/github/perform/set-labels.js";
import { upsertDashboard } from "../../src/github/perform/upsert-dashboard.js";
import { plannerWith } from "../../src/github/planner/plan-with-planner.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { R } from "./harness.js";
import { performEnv } from "./perform-env.js";
import { ISSUE, Scenario } from "./scenario.js";

const http = setupStrictHttp();
const running = () => new Scenario().opened({ "p1-proto": 11, "p1-api": 12 });
const RUNS = `${R}/actions/workflows/conductor-executor.yml/runs`;

describe("Dispatch", () => {
  const s = running();
  const a = s.attempt("p1-proto");
  const effect = {
    type: "Dispatch",
    id: "g1:dispatch:p1-proto:1",
    module: "p1-proto",
    pr: 11,
    attempt: 1,
    nonce: a.nonce,
    workflow: "conductor-executor.yml",
    ref: "conductor/7/p1-proto",
  } as const;

  test("left in the outbox by an earlier reconcile: found by its nonce, not sent again", async () => {
    http
      .github()
      .get(RUNS)
      .query({ branch: "conductor/7/p1-proto", event: "workflow_dispatch", per_page: "30" })
      .reply(200, {
        total_count: 2,
        workflow_runs: [
          { id: 301, name: "Conductor executor", display_title: "conductor other-nonce", status: "completed" },
          { id: 302, name: "Conductor executor", display_title: `conductor ${a.nonce}`, status: "in_progress" },
        ],
      });
    expect(await dispatch(effect, performEnv(s.record, { fresh: false }))).toEqual([
      {
        type: "Dispatched",
        id: "effect:g1:dispatch:p1-proto:1",
        module: "p1-proto",
        attempt: 1,
        nonce: a.nonce,
        run_id: 302,
      },
    ]);
  });

  const DISPATCHES = `${R}/actions/workflows/conductor-executor.yml/dispatches`;
  const details = (id: number) => ({
    workflow_run_id: id,
    run_url: `https://api.github.com/repos/x/actions/runs/${id}`,
    html_url: `https://github.com/x/actions/runs/${id}`,
  });

  test("decided by this reconcile: one request, and the run id comes back with it (no lookup by nonce)", async () => {
    http
      .github()
      .post(DISPATCHES, {
        ref: "conductor/7/p1-proto",
        inputs: { task: "7", pr: "11", attempt: "1", nonce: a.nonce },
        return_run_details: true,
      })
      .reply(200, details(303));
    expect(await dispatch(effect, performEnv(s.record, { fresh: true }))).toEqual([
      {
        type: "Dispatched",
        id: "effect:g1:dispatch:p1-proto:1",
        module: "p1-proto",
        attempt: 1,
        nonce: a.nonce,
        run_id: 303,
      },
    ]);
    expect(http.find("GET", RUNS)).toEqual([]);
  });

  test("left in the outbox but never sent (no run carries the nonce): looked up, then sent once", async () => {
    http
      .github()
      .get(RUNS)
      .query(true)
      .reply(200, { total_count: 1, workflow_runs: [{ id: 301, display_title: "conductor other", status: "queued" }] });
    http.github().post(DISPATCHES).reply(200, details(304));
    expect((await dispatch(effect, performEnv(s.record, { fresh: false })))[0]).toMatchObject({ run_id: 304 });
  });

  test("a GitHub that ignores return_run_details and answers 204: dispatched, run id unknown", async () => {
    http.github().post(DISPATCHES).reply(204);
    expect((await dispatch(effect, performEnv(s.record)))[0]).toMatchObject({ run_id: null });
  });

  test("a GitHub that does not know return_run_details: sent again without it, run id unknown", async () => {
    http
      .github()
      .post(
        `${R}/actions/workflows/conductor-executor.yml/dispatches`,
        (b: { return_run_details?: boolean }) => b?.return_run_details === true,
      )
      .reply(422, { message: "Invalid request. return_run_details is not a permitted key." });
    http
      .github()
      .post(
        `${R}/actions/workflows/conductor-executor.yml/dispatches`,
        (b: { return_run_details?: boolean }) => b?.return_run_details === undefined,
      )
      .reply(204);
    expect((await dispatch(effect, performEnv(s.record)))[0]).toMatchObject({ run_id: null });
  });
});

test("CancelRun: found by nonce without a run id; GitHub's 409 for a finished run is success", async () => {
  const s = running();
  const a = s.attempt("p1-proto");
  http
    .github()
    .get(RUNS)
    .query(true)
    .reply(200, { total_count: 1, workflow_runs: [{ id: 303, name: "x", display_title: a.nonce, status: "queued" }] });
  http
    .github()
    .post(`${R}/actions/runs/303/cancel`)
    .reply(409, { message: "Cannot cancel a workflow run that is completed." });
  const effect = {
    type: "CancelRun",
    id: "g1:cancel",
    module: "p1-proto",
    attempt: 1,
    nonce: a.nonce,
    run_id: null,
  } as const;
  expect(await cancelRun(effect, performEnv(s.record))).toEqual([]);
});

test("ClosePullRequest on a PR already closed: no second comment, the close is reported", async () => {
  http
    .github()
    .get(`${R}/pulls/11`)
    .reply(200, {
      number: 11,
      state: "closed",
      merged: false,
      html_url: "x",
      head: { ref: "conductor/7/p1-proto", sha: "a".repeat(40) },
    });
  const effect = { type: "ClosePullRequest", id: "g1:close", module: "p1-proto", pr: 11, reason: "aborted" } as const;
  expect(await closePullRequest(effect, performEnv(null))).toEqual([
    { type: "PullClosed", id: "effect:g1:close", module: "p1-proto", number: 11 },
  ]);
});

describe("UpsertDashboard", () => {
  test("the remembered comment was deleted: a new one is posted and remembered", async () => {
    const env = performEnv(running().record);
    env.caches.dashboards.set(`Codertocat/Hello-World#${ISSUE}`, 800);
    http.github().patch(`${R}/issues/comments/800`).reply(404, { message: "Not Found" });
    http.github().post(`${R}/issues/${ISSUE}/comments`).reply(201, { id: 801, html_url: "https://github.com/x#801" });
    await upsertDashboard({ type: "UpsertDashboard", id: "g1:dashboard:3", reply: null }, env);
    expect(env.caches.dashboards.get(`Codertocat/Hello-World#${ISSUE}`)).toBe(801);
  });

  test("a comment with the marker by someone else is not ours; `/status` gets a link to ours", async () => {
    const env = performEnv(running().record);
    http
      .github()
      .get(`${R}/issues/${ISSUE}/comments`)
      .query(true)
      .reply(200, [{ id: 5, body: "<!-- conductor:dashboard --> fake", user: { login: "mallory" }, html_url: "x" }]);
    http
      .github()
      .post(
        `${R}/issues/${ISSUE}/comments`,
        (b: { body?: string }) => b?.body?.startsWith("<!-- conductor:dashboard -->") === true,
      )
      .reply(201, { id: 802, html_url: "https://github.com/x#802" });
    http
      .github()
      .post(`${R}/issues/11/comments`, { body: "The dashboard is up to date: https://github.com/x#802" })
      .reply(201, { id: 803, html_url: "y" });
    await upsertDashboard(
      { type: "UpsertDashboard", id: "g1:status:9", reply: { target: { kind: "pull", pr: 11 }, comment_id: 9 } },
      env,
    );
  });
});

test("SetLabels: an existing label (422) is fine; only labels the issue has are removed", async () => {
  http
    .github()
    .post(`${R}/labels`)
    .reply(422, { message: "Validation Failed", errors: [{ code: "already_exists" }] });
  http
    .github()
    .get(`${R}/issues/${ISSUE}/labels`)
    .query(true)
    .reply(200, [{ name: "orchestrate" }, { name: "conductor:blocked" }]);
  http
    .github()
    .post(`${R}/issues/${ISSUE}/labels`, { labels: ["conductor:running"] })
    .reply(200, []);
  http.github().delete(`${R}/issues/${ISSUE}/labels/conductor%3Ablocked`).reply(200, []);
  const effect = {
    type: "SetLabels" as const,
    id: "g1:labels",
    add: ["conductor:running"],
    remove: ["conductor:blocked", "conductor:done", "conductor:aborted"],
  };
  await setLabels(effect, performEnv(null));
  expect(http.find("POST", `${R}/labels`)[0]?.body).toEqual({
    name: "conductor:running",
    color: "1d76db",
    description: "Conductor is working on this issue",
  });
});

test("RequestPlan without a spec and without an API key: the maintainer is told how to write one", async () => {
  const env = performEnv(running().record, { deps: { planner: plannerWith(null) } });
  env.hints = { title: "Build it", body: "Just build it, please." };
  const [outcome] = await requestPlan({ type: "RequestPlan", id: "g1:plan:2", reason: "edited" }, env);
  expect(outcome?.type === "PlanFailed" && outcome.errors[0]).toMatch(/## Implementation Phases/);
});

test("PostWebhook: a chat webhook that is down is logged, not retried", async () => {
  const failing: typeof fetch = async () => {
    throw new Error("ECONNREFUSED");
  };
  const env = performEnv(null, { deps: { fetch: failing } });
  expect(
    await postWebhook(
      { type: "PostWebhook", id: "g1:webhook:1", url: "https://hooks.example.com/x", text: "blocked" },
      env,
    ),
  ).toEqual([]);
});
