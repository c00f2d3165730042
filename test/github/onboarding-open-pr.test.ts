import { Octokit } from "@octokit/rest";
import { describe, expect, test } from "vitest";
import { EXECUTOR_WORKFLOW } from "../../src/github/onboarding/onboarding-workflow.js";
import { openOnboardingPr } from "../../src/github/onboarding/open-onboarding-pr.js";
import { setupStrictHttp } from "../helpers/strict-http.js";

const http = setupStrictHttp();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const octokit = () => new Octokit({ auth: "t", log: quiet, retry: { enabled: false } });
const repo = { owner: "acme", repo: "app" };
const R = "/repos/acme/app";
const sha = (c: string) => c.repeat(40);
const pull = (over: object = {}) => ({
  number: 12,
  state: "open",
  merged_at: null,
  html_url: "https://github.com/acme/app/pull/12",
  ...over,
});

function expectNoPull(pulls: object[] = []) {
  http
    .github()
    .get(`${R}/pulls`)
    .query({ head: "acme:conductor/onboarding", state: "all", per_page: "1" })
    .reply(200, pulls);
}

function expectBase(workflowStatus = 404) {
  http.github().get(R).reply(200, { default_branch: "main" });
  http
    .github()
    .get(`${R}/contents/.github%2Fworkflows%2Fconductor-executor.yml`)
    .query({ ref: "main" })
    .reply(workflowStatus, workflowStatus === 404 ? { message: "Not Found" } : { type: "file" });
}

function expectCommit(commit: string) {
  http
    .github()
    .get(`${R}/git/commits/${sha("1")}`)
    .reply(200, { sha: sha("1"), tree: { sha: sha("2") } });
  http
    .github()
    .post(`${R}/git/trees`)
    .reply(201, { sha: sha("3") });
  http.github().post(`${R}/git/commits`).reply(201, { sha: commit });
}

describe("openOnboardingPr (never twice)", () => {
  test("opens one PR: a commit with both files on conductor/onboarding, from the default branch", async () => {
    expectNoPull();
    expectBase();
    http
      .github()
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { ref: "refs/heads/main", object: { sha: sha("1") } });
    expectCommit(sha("4"));
    http.github().post(`${R}/git/refs`).reply(201, { ref: "refs/heads/conductor/onboarding" });
    http.github().post(`${R}/pulls`).reply(201, pull());

    expect(await openOnboardingPr(octokit(), repo)).toEqual({
      status: "opened",
      number: 12,
      url: "https://github.com/acme/app/pull/12",
      workflowIncluded: true,
    });
    const tree = http.find("POST", `${R}/git/trees`)[0]?.body as {
      base_tree: string;
      tree: { path: string; content: string }[];
    };
    expect(tree.base_tree).toBe(sha("2"));
    expect(tree.tree.map((f) => f.path)).toEqual([".github/workflows/conductor-executor.yml", ".github/conductor.yml"]);
    expect(tree.tree[0]?.content).toBe(EXECUTOR_WORKFLOW);
    expect(http.find("POST", `${R}/git/commits`)[0]?.body).toMatchObject({ tree: sha("3"), parents: [sha("1")] });
    expect(http.find("POST", `${R}/git/refs`)[0]?.body).toEqual({
      ref: "refs/heads/conductor/onboarding",
      sha: sha("4"),
    });
    expect(http.find("POST", `${R}/pulls`)[0]?.body).toMatchObject({
      title: "Set up Conductor",
      head: "conductor/onboarding",
      base: "main",
      body: expect.stringContaining("CONDUCTOR_APP_PRIVATE_KEY"),
    });
  });

  test.each([
    { name: "open", over: {}, state: "open" },
    { name: "merged", over: { state: "closed", merged_at: "2026-11-01T00:00:00Z" }, state: "merged" },
    { name: "closed unmerged (declined)", over: { state: "closed" }, state: "closed" },
  ])("a PR from the branch already exists ($name): nothing else is requested", async ({ over, state }) => {
    expectNoPull([pull(over)]);
    expect(await openOnboardingPr(octokit(), repo)).toEqual({ status: "exists", number: 12, state });
  });

  test("the workflow is already on the base branch: set up by hand, nothing to open", async () => {
    expectNoPull();
    http
      .github()
      .get(`${R}/contents/.github%2Fworkflows%2Fconductor-executor.yml`)
      .query({ ref: "develop" })
      .reply(200, { type: "file" });
    expect(await openOnboardingPr(octokit(), repo, { baseBranch: "develop" })).toEqual({ status: "already_set_up" });
  });

  test("a branch left by a try that died before the PR is reset to the new commit", async () => {
    expectNoPull();
    expectBase();
    http
      .github()
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: sha("1") } });
    expectCommit(sha("4"));
    http.github().post(`${R}/git/refs`).reply(422, { message: "Reference already exists" });
    http
      .github()
      .patch(`${R}/git/refs/heads%2Fconductor%2Fonboarding`, { sha: sha("4"), force: true })
      .reply(200, { ref: "refs/heads/conductor/onboarding" });
    http.github().post(`${R}/pulls`).reply(201, pull());
    expect(await openOnboardingPr(octokit(), repo)).toMatchObject({ status: "opened", number: 12 });
  });

  test("without the workflows permission: only the config is committed, the body carries the workflow", async () => {
    expectNoPull();
    expectBase();
    http
      .github()
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: sha("1") } });
    expectCommit(sha("4"));
    http.github().post(`${R}/git/refs`).reply(403, {
      message:
        "refusing to allow a GitHub App to create or update workflow `.github/workflows/conductor-executor.yml` without `workflows` permission",
    });
    expectCommit(sha("5"));
    http.github().post(`${R}/git/refs`).reply(201, {});
    http.github().post(`${R}/pulls`).reply(201, pull());

    expect(await openOnboardingPr(octokit(), repo)).toMatchObject({ status: "opened", workflowIncluded: false });
    const trees = http.find("POST", `${R}/git/trees`).map((r) => (r.body as { tree: { path: string }[] }).tree);
    expect(trees.map((t) => t.map((f) => f.path))).toEqual([
      [".github/workflows/conductor-executor.yml", ".github/conductor.yml"],
      [".github/conductor.yml"],
    ]);
    expect(http.find("POST", `${R}/pulls`)[0]?.body).toMatchObject({ body: expect.stringContaining("```yaml\n") });
  });

  test("known not to have the workflows permission: the config alone, at the first try", async () => {
    expectNoPull();
    expectBase();
    http
      .github()
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: sha("1") } });
    expectCommit(sha("4"));
    http.github().post(`${R}/git/refs`).reply(201, {});
    http.github().post(`${R}/pulls`).reply(201, pull());
    expect(await openOnboardingPr(octokit(), repo, { canWriteWorkflows: false })).toMatchObject({
      status: "opened",
      workflowIncluded: false,
    });
    const tree = http.find("POST", `${R}/git/trees`)[0]?.body;
    expect(tree).toMatchObject({ tree: [{ path: ".github/conductor.yml" }] });
  });

  test("a PR opened concurrently by another replica is found, not duplicated", async () => {
    expectNoPull();
    expectBase();
    http
      .github()
      .get(`${R}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: sha("1") } });
    expectCommit(sha("4"));
    http.github().post(`${R}/git/refs`).reply(201, {});
    http
      .github()
      .post(`${R}/pulls`)
      .reply(422, { message: "A pull request already exists for acme:conductor/onboarding." });
    expectNoPull([pull({ number: 13 })]);
    expect(await openOnboardingPr(octokit(), repo)).toEqual({ status: "exists", number: 13, state: "open" });
  });
});
