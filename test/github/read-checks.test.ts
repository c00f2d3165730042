import { Octokit } from "@octokit/rest";
import { describe, expect, test } from "vitest";
import { ChecksSummary } from "../../src/core/events.js";
import { readChecks } from "../../src/github/checks/read-checks.js";
import { etagCache } from "../../src/github/octokit/conditional-read.js";
import { createCaches } from "../../src/github/reconcile/caches.js";
import { setupStrictHttp } from "../helpers/strict-http.js";

const http = setupStrictHttp();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const octokit = () => new Octokit({ auth: "t", log: quiet });
const repo = { owner: "acme", repo: "app" };
const R = "/repos/acme/app";
const SHA = "c".repeat(40);
const options = { checks: "all" as const, executorWorkflow: "conductor-executor.yml" };

let nextId = 1;
/** A check run as the REST API returns it (the fields the reader looks at, plus a few). */
function run(
  name: string,
  fields: {
    status?: string;
    conclusion?: string | null;
    suite?: number;
    app?: string;
    annotations?: number;
    summary?: string;
  },
) {
  const id = nextId++;
  return {
    id,
    name,
    head_sha: SHA,
    status: fields.status ?? "completed",
    conclusion: fields.conclusion === undefined ? "success" : fields.conclusion,
    html_url: `https://github.com/acme/app/runs/${id}`,
    app: { id: 15368, slug: fields.app ?? "github-actions" },
    check_suite: { id: fields.suite ?? 100 },
    output: {
      title: fields.summary ? "Tests failed" : null,
      summary: fields.summary ?? null,
      annotations_count: fields.annotations ?? 0,
    },
  };
}

function expectRuns(runs: unknown[], page = 1, total = runs.length) {
  http
    .github()
    .get(`${R}/commits/${SHA}/check-runs`)
    .query({ filter: "latest", per_page: "100", page: String(page) })
    .reply(200, { total_count: total, check_runs: runs });
}

function expectStatuses(statuses: { context: string; state: string; description?: string }[]) {
  http
    .github()
    .get(`${R}/commits/${SHA}/status`)
    .query({ per_page: "100" })
    .reply(200, {
      state: "pending",
      sha: SHA,
      statuses: statuses.map((s) => ({ target_url: "https://ci.example/1", description: null, ...s })),
    });
}

function expectExecutorRuns(suites: { path: string; check_suite_id: number }[]) {
  http
    .github()
    .get(`${R}/actions/runs`)
    .query({ head_sha: SHA, event: "workflow_dispatch", per_page: "100" })
    .reply(200, { total_count: suites.length, workflow_runs: suites.map((s, i) => ({ id: i + 1, ...s })) });
}

describe("readChecks", () => {
  test("maps runs and statuses, fetches annotations of failed runs only, leaves out the executor and verify", async () => {
    expectRuns([
      run("test", { conclusion: "failure", annotations: 2, summary: "2 failed" }),
      run("lint", { conclusion: "failure" }), // no annotations: no request
      run("build", {}),
      run("docs", { conclusion: "skipped" }),
      run("e2e", { status: "in_progress", conclusion: null }),
      run("agent", { status: "in_progress", conclusion: null, suite: 900 }), // the executor's job
      run("conductor/verify", { conclusion: "failure", app: "conductor", suite: 901 }),
    ]);
    expectStatuses([
      { context: "ci/jenkins", state: "failure", description: "Build #12 failed" },
      { context: "coverage", state: "success" },
      { context: "deploy/preview", state: "pending" },
    ]);
    expectExecutorRuns([
      { path: ".github/workflows/conductor-executor.yml", check_suite_id: 900 },
      { path: ".github/workflows/other.yml", check_suite_id: 100 },
    ]);
    http
      .github()
      .get(`${R}/check-runs/1/annotations`)
      .query({ per_page: "20" })
      .reply(200, [
        {
          path: "src/a.ts",
          start_line: 3,
          end_line: 3,
          annotation_level: "failure",
          title: "expect",
          message: "1 !== 2",
        },
        { path: "src/b.ts", start_line: 9, end_line: 9, annotation_level: "warning", title: null, message: "slow" },
      ]);

    const summary = await readChecks(octokit(), repo, SHA, options);

    expect(ChecksSummary.parse(summary)).toEqual(summary);
    expect(summary).toEqual({
      pending: ["e2e", "deploy/preview"],
      passed: ["build", "docs", "coverage"],
      failed: [
        {
          name: "test",
          conclusion: "failure",
          summary: "Tests failed\n\n2 failed",
          annotations: [
            { path: "src/a.ts", line: 3, level: "failure", message: "expect: 1 !== 2" },
            { path: "src/b.ts", line: 9, level: "warning", message: "slow" },
          ],
          url: "https://github.com/acme/app/runs/1",
        },
        {
          name: "lint",
          conclusion: "failure",
          summary: "",
          annotations: [],
          url: "https://github.com/acme/app/runs/2",
        },
        {
          name: "ci/jenkins",
          conclusion: "failure",
          summary: "Build #12 failed",
          annotations: [],
          url: "https://ci.example/1",
        },
      ],
      none_seen: false,
    });
  });

  test("pages through more than 100 check runs", async () => {
    const first = Array.from({ length: 100 }, (_, i) => run(`job-${i}`, { app: "ci" }));
    expectRuns(first, 1, 101);
    expectRuns([run("job-100", { app: "ci" })], 2, 101);
    expectStatuses([]);
    const summary = await readChecks(octokit(), repo, SHA, options);
    expect(summary.passed).toHaveLength(101);
  });

  test("only the executor's run and verify on the SHA: nothing was seen", async () => {
    expectRuns([run("agent", { suite: 900 }), run("conductor/verify", { app: "conductor", suite: 901 })]);
    expectStatuses([]);
    expectExecutorRuns([{ path: ".github/workflows/conductor-executor.yml", check_suite_id: 900 }]);
    expect(await readChecks(octokit(), repo, SHA, options)).toEqual({
      pending: [],
      passed: [],
      failed: [],
      none_seen: true,
    });
  });

  test("with named checks: no workflow lookup, and annotations only for named checks", async () => {
    expectRuns([
      run("test", { conclusion: "failure", annotations: 1 }),
      run("extra", { conclusion: "failure", annotations: 4 }),
    ]);
    expectStatuses([]);
    http
      .github()
      .get(`${R}/check-runs/${nextId - 2}/annotations`)
      .query({ per_page: "20" })
      .reply(200, []);
    const summary = await readChecks(octokit(), repo, SHA, { ...options, checks: ["test"] });
    expect(summary.failed.map((f) => f.name)).toEqual(["test", "extra"]); // the core keeps only "test"
  });

  test("the same SHA read again is conditional: GitHub's 304 is answered from what the first read saw", async () => {
    const etags = etagCache(createCaches());
    const runs = [run("test", { app: "ci" })];
    http
      .github()
      .get(`${R}/commits/${SHA}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: runs }, { etag: 'W/"runs-1"' });
    http
      .github()
      .get(`${R}/commits/${SHA}/status`)
      .query(true)
      .reply(
        200,
        {
          state: "pending",
          sha: SHA,
          statuses: [{ context: "lint", state: "pending", description: null, target_url: null }],
        },
        { etag: '"st-1"' },
      );
    const first = await readChecks(octokit(), repo, SHA, { ...options, etags });
    http
      .github()
      .get(`${R}/commits/${SHA}/check-runs`)
      .matchHeader("if-none-match", 'W/"runs-1"')
      .query(true)
      .reply(304);
    http.github().get(`${R}/commits/${SHA}/status`).matchHeader("if-none-match", '"st-1"').query(true).reply(304);
    expect(await readChecks(octokit(), repo, SHA, { ...options, etags })).toEqual(first);
    expect(first).toMatchObject({ passed: ["test"], pending: ["lint"] });
  });
});
