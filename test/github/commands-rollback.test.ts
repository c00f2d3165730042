/**
 * `/rollback` through `probot.receive()` (DESIGN §2): of a module on its PR, of a phase on the issue
 * (integration branch forced back to the checkpoint, later module PRs closed with the reason, the discarded
 * commits listed), and with `integration: false` a restore PR instead of rewriting the base branch.
 */
import { describe, expect, test } from "vitest";
import type { ConfigInput } from "../../src/config/schema.js";
import type { Event } from "../../src/core/events.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { mutations, postedComment, reaction } from "./commands-fixtures.js";
import { printRequestCounts } from "./counts.js";
import { comment } from "./events.js";
import { R, startApp } from "./harness.js";
import { dashboardEdited, permission, restorePullOpened } from "./mocks.js";
import { BASE_SHA, ISSUE, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);

const CHECKPOINT = sha("2"); // the merge that completed phase 1
const INTEGRATION_HEAD = sha("5");

const green = (module: string, head: string): Event => ({
  type: "ChecksCompleted",
  id: `setup-green-${module}`,
  module,
  head_sha: head,
  checks: { pending: [], passed: ["test"], none_seen: false, failed: [] },
});

/** Phase 1 merged (checkpoint at CHECKPOINT), phase 2's module running on PR 13 as run 4300. */
function inPhase2(config: ConfigInput = {}): Scenario {
  const s = new Scenario({ config })
    .opened({ "p1-proto": 11, "p1-api": 12 })
    .reported("p1-proto", sha("a"), 700)
    .apply(green("p1-proto", sha("a")))
    .apply({ type: "PullMerged", id: "setup-m1", module: "p1-proto", number: 11, merge_sha: sha("1") })
    .reported("p1-api", sha("c"), 701)
    .apply(green("p1-api", sha("c")))
    .apply({ type: "PullMerged", id: "setup-m2", module: "p1-api", number: 12, merge_sha: CHECKPOINT })
    .opened({ "p2-service": 13 });
  const a = s.attempt("p2-service");
  s.apply({ type: "Dispatched", id: "setup-run", module: "p2-service", attempt: 1, nonce: a.nonce, run_id: 4300 });
  return s;
}

/** `GET /compare/{base}...{head}`: one Conductor commit and one pushed by a human. */
function compared(base: string, head: string): void {
  http
    .github()
    .get(`${R}/compare/${base}...${head}`)
    .reply(200, {
      commits: [
        {
          sha: sha("6"),
          commit: { message: "Phase 2: service (#13)\n\nbody", author: { name: "conductor" } },
          author: { login: "conductor[bot]", type: "Bot" },
        },
        {
          sha: sha("7"),
          commit: { message: "hotfix: typo", author: { name: "Mona" } },
          author: { login: "mona", type: "User" },
        },
      ],
    });
}

describe("/rollback", () => {
  test("phase-2 on the issue: integration forced to phase 1's checkpoint, PR 13 closed with why, discarded commits listed", async () => {
    const s = inPhase2();
    expect(s.record.checkpoints.map((c) => c.sha)).toEqual([CHECKPOINT]);
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    permission(http, "octocat", "maintain");
    http.github().post(`${R}/actions/runs/4300/cancel`).reply(202, {});
    http
      .github()
      .get(`${R}/pulls/13`)
      .reply(200, {
        number: 13,
        state: "open",
        merged: false,
        html_url: "x",
        head: { ref: "conductor/7/p2-service", sha: sha("8") },
      });
    http.github().post(`${R}/issues/13/comments`).reply(201, { id: 960, html_url: "x" });
    http.github().patch(`${R}/pulls/13`, { state: "closed" }).reply(200, { number: 13 });
    http
      .github()
      .get(`${R}/git/ref/heads%2Fconductor%2F7%2Fintegration`)
      .reply(200, { ref: "refs/heads/conductor/7/integration", object: { sha: INTEGRATION_HEAD } });
    compared(CHECKPOINT, INTEGRATION_HEAD);
    http
      .github()
      .patch(`${R}/git/refs/heads%2Fconductor%2F7%2Fintegration`, { sha: CHECKPOINT, force: true })
      .reply(200, {});
    http.github().post(`${R}/issues/${ISSUE}/comments`).times(2).reply(201, { id: 961, html_url: "x" });
    reaction(http, 620, "eyes");
    dashboardEdited(http);
    await app.deliver(comment({ body: "/rollback phase-2", id: 620 }));

    expect(mutations(http)).toEqual(
      expect.arrayContaining([
        "POST /actions/runs/4300/cancel",
        "PATCH /pulls/13",
        "PATCH /git/refs/heads%2Fconductor%2F7%2Fintegration",
      ]),
    );
    const closing = (http.find("POST", `${R}/issues/13/comments`)[0]?.body as { body?: string } | undefined)?.body;
    expect(closing).toMatch(/@octocat rolled the task back to the checkpoint of phase 1 \(2222222\)/);
    const discarded = postedComment(http, /discarding 2 commits/);
    expect(discarded).toContain("`6666666` Phase 2: service (#13) — conductor[bot]\n");
    expect(discarded).toContain("`7777777` hotfix: typo — mona **(human commit)**");
    expect(postedComment(http, /Closed #13\..*`\/retry` to run phase 2 again/)).toBeDefined();
    expect(store.record?.status).toBe("rolled_back");
    expect(store.record?.integration_head).toBe(CHECKPOINT);
  });

  test("on an open module PR: its branch back to the phase base, the discarded commits listed on the PR", async () => {
    const s = new Scenario().opened({ "p1-proto": 11, "p1-api": 12 }).reported("p1-proto", sha("d"), 700);
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    permission(http, "octocat", "maintain");
    http
      .github()
      .get(`${R}/git/ref/heads%2Fconductor%2F7%2Fp1-proto`)
      .reply(200, { ref: "refs/heads/conductor/7/p1-proto", object: { sha: sha("d") } });
    compared(BASE_SHA, sha("d"));
    http
      .github()
      .patch(`${R}/git/refs/heads%2Fconductor%2F7%2Fp1-proto`, { sha: BASE_SHA, force: true })
      .reply(200, {});
    http.github().post(`${R}/issues/11/comments`).reply(201, { id: 962, html_url: "x" });
    reaction(http, 621, "eyes");
    dashboardEdited(http);
    await app.deliver(comment({ body: "/rollback", pr: 11, id: 621 }));
    expect(postedComment(http, /discarding 2 commits/, 11)).toContain("hotfix: typo — mona **(human commit)**");
    expect(store.record?.modules.find((m) => m.key === "p1-proto")?.state).toBe("rolled_back");
  });

  test("integration: false — a restore PR with the checkpoint's tree on top of the base; the base is never forced", async () => {
    const s = inPhase2({ integration: false });
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    const MASTER = sha("9");
    permission(http, "octocat", "admin");
    http.github().post(`${R}/actions/runs/4300/cancel`).reply(202, {});
    http
      .github()
      .get(`${R}/pulls/13`)
      .reply(200, {
        number: 13,
        state: "open",
        merged: false,
        html_url: "x",
        head: { ref: "conductor/7/p2-service", sha: sha("8") },
      });
    http.github().post(`${R}/issues/13/comments`).reply(201, { id: 960, html_url: "x" });
    http.github().patch(`${R}/pulls/13`, { state: "closed" }).reply(200, { number: 13 });
    http
      .github()
      .get(`${R}/git/ref/heads%2Fmaster`)
      .reply(200, { ref: "refs/heads/master", object: { sha: MASTER } });
    http
      .github()
      .get(`${R}/git/commits/${CHECKPOINT}`)
      .reply(200, { sha: CHECKPOINT, tree: { sha: sha("3") } });
    compared(CHECKPOINT, MASTER);
    restorePullOpened(http, { tree: sha("3"), parent: MASTER, commit: sha("4") });
    http.github().post(`${R}/issues/${ISSUE}/comments`).reply(201, { id: 963, html_url: "x" });
    reaction(http, 622, "eyes");
    dashboardEdited(http);
    await app.deliver(comment({ body: "/rollback phase-2", id: 622 }));

    const pull = http.find("POST", `${R}/pulls`)[0]?.body as { head: string; base: string; body: string };
    expect([pull.head, pull.base]).toEqual(["conductor/7/restore-phase-2", "master"]);
    expect(pull.body).toContain("It undoes 2 commits:");
    expect(pull.body).toContain("`6666666` Phase 2: service (#13) — conductor[bot]\n");
    expect(pull.body).toContain("`7777777` hotfix: typo — mona **(human commit)**");
    expect(http.requests.filter((r) => r.method === "PATCH" && r.path.includes("/git/refs/heads"))).toEqual([]);
    expect(store.record?.status).toBe("rolled_back");
  });
});
