/**
 * GitHub answers the scenarios share, declared on the strict HTTP mock (each once, so an unexpected
 * second request fails the test).
 */
import { EXECUTOR_WORKFLOW } from "../../src/github/onboarding/onboarding-workflow.js";
import type { StrictHttp } from "../helpers/strict-http.js";
import { BOT, OWNER, R } from "./harness.js";
import { ISSUE } from "./scenario.js";

const CONFIG = ".github%2Fconductor.yml";

/** No `.github/conductor.yml` in the repository nor in the owner's `.github` repository. */
export function noConfig(http: StrictHttp): void {
  http.github().get(`${R}/contents/${CONFIG}`).reply(404, { message: "Not Found" });
  http.github().get(`/repos/${OWNER}/.github/contents/${CONFIG}`).reply(404, { message: "Not Found" });
}

/** `.github/conductor.yml` with this text. */
export function configFile(http: StrictHttp, yaml: string): void {
  http.github().get(`${R}/contents/${CONFIG}`).reply(200, yaml, { "content-type": "text/plain; charset=utf-8" });
}

/** The collaborator-permission API's answer for `user`. */
export function permission(
  http: StrictHttp,
  user: string,
  role: "read" | "triage" | "write" | "maintain" | "admin",
): void {
  const legacy = role === "admin" ? "admin" : role === "write" || role === "maintain" ? "write" : "read";
  http
    .github()
    .get(`${R}/collaborators/${user}/permission`)
    .reply(200, { permission: legacy, role_name: role, user: { login: user } });
}

/** 👀 on the task issue. */
export function reactOnIssue(http: StrictHttp): void {
  http.github().post(`${R}/issues/${ISSUE}/reactions`, { content: "eyes" }).reply(201, { id: 1, content: "eyes" });
}

/** SetLabels: the label is created (or exists), the issue has `present`, and `add` is added. */
export function setLabels(
  http: StrictHttp,
  o: { create?: string[]; present: string[]; add: string[]; remove?: string[] },
): void {
  for (const name of o.create ?? [])
    http
      .github()
      .post(`${R}/labels`, (b: { name?: string }) => b?.name === name)
      .reply(201, { name });
  http
    .github()
    .get(`${R}/issues/${ISSUE}/labels`)
    .query(true)
    .reply(
      200,
      o.present.map((name) => ({ name })),
    );
  if (o.add.length > 0) http.github().post(`${R}/issues/${ISSUE}/labels`, { labels: o.add }).reply(200, []);
  for (const name of o.remove ?? []) {
    http
      .github()
      .delete(`${R}/issues/${ISSUE}/labels/${encodeURIComponent(name)}`)
      .reply(200, []);
  }
}

/** The dashboard: none exists yet, so it is created (once). */
export function dashboardCreated(http: StrictHttp, id = 900): void {
  http.github().get(`${R}/issues/${ISSUE}/comments`).query(true).reply(200, []);
  http
    .github()
    .post(`${R}/issues/${ISSUE}/comments`, (b: { body?: string }) => b?.body?.includes("conductor:dashboard") === true)
    .reply(201, { id, html_url: `https://github.com/${R.slice(7)}/issues/${ISSUE}#issuecomment-${id}` });
}

/** The dashboard exists (found by its marker) and is edited in place (once per edit). */
export function dashboardEdited(http: StrictHttp, o: { find?: boolean; edits?: number; id?: number } = {}): void {
  const id = o.id ?? 900;
  if (o.find ?? true) {
    http
      .github()
      .get(`${R}/issues/${ISSUE}/comments`)
      .query(true)
      .reply(200, [
        { id: 1, body: "hi", user: { login: "octocat" }, html_url: "x" },
        { id, body: "<!-- conductor:dashboard -->\nold", user: { login: BOT }, html_url: "x" },
      ]);
  }
  for (let i = 0; i < (o.edits ?? 1); i++) {
    http
      .github()
      .patch(`${R}/issues/comments/${id}`)
      .reply(200, { id, html_url: `https://github.com/x/issues/${ISSUE}#issuecomment-${id}` });
  }
}

/** A plain comment on the issue or a PR whose body matches. */
export function commentPosted(http: StrictHttp, on: number, match: (body: string) => boolean, id = 950): void {
  http
    .github()
    .post(`${R}/issues/${on}/comments`, (b: { body?: string }) => match(b?.body ?? ""))
    .reply(201, { id, html_url: `https://github.com/x/issues/${on}#issuecomment-${id}` });
}

type Run = {
  id: number;
  name: string;
  conclusion: string | null;
  annotations?: { path: string; line: number; message: string }[];
  summary?: string;
};

/** The check runs and statuses on `head` (readChecks), with each failed run's annotations. */
export function checksRead(
  http: StrictHttp,
  head: string,
  runs: Run[],
  statuses: { context: string; state: string }[] = [],
): void {
  http
    .github()
    .get(`${R}/commits/${head}/check-runs`)
    .query(true)
    .reply(200, {
      total_count: runs.length,
      check_runs: runs.map((r) => ({
        id: r.id,
        name: r.name,
        status: r.conclusion === null ? "in_progress" : "completed",
        conclusion: r.conclusion,
        html_url: `https://github.com/x/runs/${r.id}`,
        app: { slug: "ci-app" },
        check_suite: { id: 9000 + r.id },
        output: {
          title: r.summary ? "Tests failed" : null,
          summary: r.summary ?? null,
          annotations_count: r.annotations?.length ?? 0,
        },
      })),
    });
  http
    .github()
    .get(`${R}/commits/${head}/status`)
    .query(true)
    .reply(200, {
      state: "success",
      statuses: statuses.map((s) => ({ ...s, description: null, target_url: null })),
    });
  for (const r of runs) {
    if (!r.annotations?.length) continue;
    http
      .github()
      .get(`${R}/check-runs/${r.id}/annotations`)
      .query(true)
      .reply(
        200,
        r.annotations.map((a) => ({
          path: a.path,
          start_line: a.line,
          annotation_level: "failure",
          message: a.message,
          title: null,
        })),
      );
  }
}

/** A CI workflow that runs on every pull request: the pre-flight finds nothing to say about it. */
export const CI_WORKFLOW =
  "name: ci\non: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n";

/**
 * The executor workflow is on the default branch, next to a CI that runs on module PRs: what a task's
 * start reads. The pre-flight (src/github/reads/preflight.ts) lists `.github/workflows` and reads each file; then
 * the onboarding check asks for the executor workflow again (missing → onboarding PR).
 */
export function workflowPresent(http: StrictHttp, branch = "master"): void {
  const file = (name: string, text: string) => ({
    type: "file",
    name,
    path: `.github/workflows/${name}`,
    content: Buffer.from(text).toString("base64"),
    encoding: "base64",
  });
  http
    .github()
    .get(`${R}/contents/.github%2Fworkflows`)
    .query({ ref: branch })
    .reply(200, [
      { type: "file", name: "ci.yml", path: ".github/workflows/ci.yml" },
      { type: "file", name: "conductor-executor.yml", path: ".github/workflows/conductor-executor.yml" },
    ]);
  http
    .github()
    .get(`${R}/contents/.github%2Fworkflows%2Fci.yml`)
    .query({ ref: branch })
    .reply(200, file("ci.yml", CI_WORKFLOW));
  for (let i = 0; i < 2; i++) {
    http
      .github()
      .get(`${R}/contents/.github%2Fworkflows%2Fconductor-executor.yml`)
      .query({ ref: branch })
      .reply(200, file("conductor-executor.yml", EXECUTOR_WORKFLOW));
  }
}

/** No `.github/workflows` at all on `branch` (the pre-flight's listing answers 404). */
export function noWorkflows(http: StrictHttp, branch = "master"): void {
  http.github().get(`${R}/contents/.github%2Fworkflows`).query({ ref: branch }).reply(404, { message: "Not Found" });
}

/**
 * OpenRestorePullRequest's writes: one commit with the checkpoint's `tree` on top of `parent` (the base
 * head), the branch `conductor/<issue>/restore-phase-2` at it, and the PR (number 50) from that branch.
 */
export function restorePullOpened(http: StrictHttp, o: { tree: string; parent: string; commit: string }): void {
  http
    .github()
    .post(`${R}/git/commits`, { message: /restore/, tree: o.tree, parents: [o.parent] })
    .reply(201, { sha: o.commit });
  http
    .github()
    .post(`${R}/git/refs`, { ref: `refs/heads/conductor/${ISSUE}/restore-phase-2`, sha: o.commit })
    .reply(201, {});
  http
    .github()
    .post(`${R}/pulls`)
    .reply(201, {
      number: 50,
      state: "open",
      html_url: "x",
      head: { ref: `conductor/${ISSUE}/restore-phase-2`, sha: o.commit },
    });
}

/**
 * A module branch's start commit (src/github/perform/start-commit.ts): `base` read once for its tree and date,
 * then the empty commit on it, by the app's bot with `base`'s date, so that it is the same every time.
 */
export function startCommitMade(
  http: StrictHttp,
  o: { base: string; tree: string; start: string; label: RegExp; date?: string },
): void {
  const date = o.date ?? "2025-01-06T09:00:00Z";
  const bot = { name: BOT, email: `${BOT}@users.noreply.github.com`, date };
  http
    .github()
    .get(`${R}/git/commits/${o.base}`)
    .reply(200, { sha: o.base, tree: { sha: o.tree }, committer: { name: "Mona", email: "m@x", date } });
  http
    .github()
    .post(`${R}/git/commits`, {
      message: o.label,
      tree: o.tree,
      parents: [o.base],
      author: bot,
      committer: bot,
    })
    .reply(201, { sha: o.start });
}
