/** Performers that move branches and PRs: each one's idempotency rule, and GitHub's refusals as answers. */
import { describe, expect, test } from "vitest";
import { createBranch } from "../../src/github/perform/create-branch.js";
import { merge } from "../../src/github/perform/merge.js";
import { openPullRequest } from "../../src/github/perform/open-pull-request.js";
import { openRestorePullRequest } from "../../src/github/perform/open-restore-pull-request.js";
import { updateBranch } from "../../src/github/perform/update-branch.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { R } from "./harness.js";
import { restorePullOpened, startCommitMade } from "./mocks.js";
import { performEnv } from "./perform-env.js";
import { BASE_SHA, Scenario, sha } from "./scenario.js";

const http = setupStrictHttp();
const OTHER = sha("c");
const branch = "conductor/7/p1-proto";
const create = (reset: boolean) =>
  ({
    type: "CreateBranch",
    id: "g1:branch",
    branch,
    from: { sha: BASE_SHA },
    reset_existing: reset,
    module: "p1-proto",
  }) as const;
const exists = () => http.github().post(`${R}/git/refs`).reply(422, { message: "Reference already exists" });
const at = (s: string) =>
  http
    .github()
    .get(`${R}/git/ref/heads%2Fconductor%2F7%2Fp1-proto`)
    .reply(200, { ref: "x", object: { sha: s } });

describe("CreateBranch", () => {
  const START = sha("5");
  const started = () =>
    startCommitMade(http, {
      base: BASE_SHA,
      tree: sha("7"),
      start: START,
      label: /^conductor: start p1-proto of #7\n/,
    });

  test("a module branch is created on its empty start commit, so its PR opens at once; the base is reported", async () => {
    started();
    http
      .github()
      .post(`${R}/git/refs`, { ref: `refs/heads/${branch}`, sha: START })
      .reply(201, {});
    expect(await createBranch(create(true), performEnv(null))).toEqual([
      { type: "BranchCreated", id: "effect:g1:branch", module: "p1-proto", branch, sha: BASE_SHA },
    ]);
  });

  test("retried after a crash: the same start commit again, the branch already at it is success, nothing moved", async () => {
    started();
    exists();
    at(START);
    expect((await createBranch(create(true), performEnv(null)))[0]).toMatchObject({ sha: BASE_SHA });
  });

  test("the modules of one phase share one start commit: made once, then every branch is created on it", async () => {
    const s = new Scenario();
    s.module("p1-proto");
    s.module("p1-api");
    const env = performEnv(s.record);
    startCommitMade(http, { base: BASE_SHA, tree: sha("7"), start: START, label: /^conductor: start phase 1 of #7\n/ });
    http
      .github()
      .post(`${R}/git/refs`, { ref: `refs/heads/${branch}`, sha: START })
      .reply(201, {});
    http.github().post(`${R}/git/refs`, { ref: "refs/heads/conductor/7/p1-api", sha: START }).reply(201, {});
    await createBranch(create(true), env);
    await createBranch({ ...create(true), id: "g1:branch2", branch: "conductor/7/p1-api", module: "p1-api" }, env);
  });

  test("with merge.method: merge every module gets its own start commit", async () => {
    const s = new Scenario({ config: { merge: { method: "merge" } } });
    s.module("p1-proto");
    started();
    http
      .github()
      .post(`${R}/git/refs`, { ref: `refs/heads/${branch}`, sha: START })
      .reply(201, {});
    await createBranch(create(true), performEnv(s.record));
  });

  test("a branch left elsewhere by an earlier life of the task is moved (force) to the start commit", async () => {
    started();
    exists();
    at(OTHER);
    http.github().patch(`${R}/git/refs/heads%2Fconductor%2F7%2Fp1-proto`, { sha: START, force: true }).reply(200, {});
    expect((await createBranch(create(true), performEnv(null)))[0]).toMatchObject({ sha: BASE_SHA });
  });

  test("without reset_existing it is reported where it is", async () => {
    started();
    exists();
    at(OTHER);
    expect((await createBranch(create(false), performEnv(null)))[0]).toMatchObject({ sha: OTHER });
  });

  test("the integration branch is created on the base itself", async () => {
    http.github().post(`${R}/git/refs`, { ref: "refs/heads/conductor/7/integration", sha: BASE_SHA }).reply(201, {});
    const effect = { ...create(true), branch: "conductor/7/integration", module: null };
    expect(await createBranch(effect, performEnv(null))).toEqual([
      { type: "IntegrationBranchCreated", id: "effect:g1:branch", branch: "conductor/7/integration", sha: BASE_SHA },
    ]);
  });
});

describe("OpenPullRequest", () => {
  const s = new Scenario();
  const m = s.module("p1-proto");
  const brief = {
    version: 1 as const,
    task: 7,
    phase: 1,
    module: "proto",
    attempt: 1,
    nonce: "abc123-7-p1-proto-a1",
    mode: "implement" as const,
    instructions: "do it",
    success_criteria: [],
    gotchas: [],
    test_command: "npm test",
    paths: [],
    protected_paths: [],
    items: [{ id: "work", severity: "major" as const, issue: "work", fix: "it", verification: "" }],
    feedback: [],
    budget: { turns: 10, tokens: 1000, usd: 1, minutes: 10 },
    model: "claude-sonnet-4-6",
  };
  const effect = {
    type: "OpenPullRequest",
    id: "g1:open:p1-proto:1",
    module: m.key,
    head: m.branch,
    base: "conductor/7/integration",
    title: "t",
    draft: true,
    brief,
  } as const;
  const pull = (number: number) => ({ number, state: "open", html_url: "x", head: { ref: branch, sha: OTHER } });

  test("GitHub says a PR for this head exists: that PR is the answer", async () => {
    http
      .github()
      .post(`${R}/pulls`)
      .reply(422, {
        message: "Validation Failed",
        errors: [{ message: `A pull request already exists for Codertocat:${branch}.` }],
      });
    http
      .github()
      .get(`${R}/pulls`)
      .query({ head: `Codertocat:${branch}`, state: "open", per_page: "10" })
      .reply(200, [pull(41)]);
    expect(await openPullRequest(effect, performEnv(null))).toEqual([
      { type: "PullOpened", id: "effect:g1:open:p1-proto:1", module: "p1-proto", number: 41, head_sha: OTHER },
    ]);
  });

  test("a branch still on its base (an older app made it): the start commit is put on it, then the PR", async () => {
    http
      .github()
      .post(`${R}/pulls`)
      .reply(422, {
        message: "Validation Failed",
        errors: [{ message: `No commits between conductor/7/integration and ${branch}` }],
      });
    at(BASE_SHA);
    startCommitMade(http, {
      base: BASE_SHA,
      tree: sha("7"),
      start: OTHER,
      label: /^conductor: start p1-proto of #7\n/,
    });
    http.github().patch(`${R}/git/refs/heads%2Fconductor%2F7%2Fp1-proto`, { sha: OTHER, force: true }).reply(200, {});
    http.github().post(`${R}/pulls`).reply(201, pull(42));
    expect((await openPullRequest(effect, performEnv(null)))[0]).toMatchObject({ number: 42 });
  });
});

describe("Merge", () => {
  const effect = {
    type: "Merge",
    id: "g1:merge",
    module: "p1-proto",
    pr: 11,
    sha: BASE_SHA,
    method: "squash",
  } as const;
  const rejected = (reason: string, message?: string) => [
    {
      type: "MergeRejected",
      id: "effect:g1:merge",
      module: "p1-proto",
      head_sha: BASE_SHA,
      reason,
      ...(message === undefined ? {} : { message }),
    },
  ];

  test("409: the head moved away from the verified SHA", async () => {
    http
      .github()
      .put(`${R}/pulls/11/merge`, { sha: BASE_SHA, merge_method: "squash" })
      .reply(409, { message: "Head branch was modified." });
    expect(await merge(effect, performEnv(null))).toEqual(rejected("head_moved"));
  });

  test("405 on a PR that is open: not mergeable (the core updates the branch)", async () => {
    http.github().put(`${R}/pulls/11/merge`).reply(405, { message: "Pull Request is not mergeable" });
    http
      .github()
      .get(`${R}/pulls/11`)
      .reply(200, { number: 11, state: "open", html_url: "x", merged: false, head: { ref: branch, sha: BASE_SHA } });
    expect(await merge(effect, performEnv(null))).toEqual(rejected("not_mergeable", "Pull Request is not mergeable"));
  });

  test.each([
    "At least 1 approving review is required by reviewers with write access.",
    'Required status check "build" is expected.',
    "Repository rule violations found\n\nChanges must be made through the merge queue",
  ])("405 %j: blocked by the branch rules, with GitHub's words", async (message) => {
    http.github().put(`${R}/pulls/11/merge`).reply(405, { message });
    http
      .github()
      .get(`${R}/pulls/11`)
      .reply(200, { number: 11, state: "open", html_url: "x", merged: false, head: { ref: branch, sha: BASE_SHA } });
    expect(await merge(effect, performEnv(null))).toEqual(rejected("blocked", message));
  });

  test.each([
    ["blocked", "blocked"],
    ["dirty", "conflict"],
    ["behind", "not_mergeable"],
  ])("405 'not mergeable' on a PR whose mergeable_state is %s: %s", async (state, reason) => {
    http.github().put(`${R}/pulls/11/merge`).reply(405, { message: "Pull Request is not mergeable" });
    http
      .github()
      .get(`${R}/pulls/11`)
      .reply(200, {
        number: 11,
        state: "open",
        html_url: "x",
        merged: false,
        mergeable_state: state,
        head: { ref: branch, sha: BASE_SHA },
      });
    expect(await merge(effect, performEnv(null))).toEqual(rejected(reason, "Pull Request is not mergeable"));
  });

  test("405 on a PR still in draft: marked ready (GraphQL), then merged", async () => {
    http.github().put(`${R}/pulls/11/merge`).reply(405, { message: "Pull Request is still a draft" });
    http
      .github()
      .get(`${R}/pulls/11`)
      .reply(200, {
        number: 11,
        node_id: "PR_11",
        state: "open",
        draft: true,
        html_url: "x",
        merged: false,
        head: { ref: branch, sha: BASE_SHA },
      });
    http
      .github()
      .post("/graphql", (b: { variables?: { id?: string } }) => b?.variables?.id === "PR_11")
      .reply(200, { data: { markPullRequestReadyForReview: { pullRequest: { isDraft: false } } } });
    http.github().put(`${R}/pulls/11/merge`).reply(200, { sha: OTHER, merged: true, message: "merged" });
    expect(await merge(effect, performEnv(null))).toEqual([
      { type: "PullMerged", id: "effect:g1:merge", module: "p1-proto", number: 11, merge_sha: OTHER },
    ]);
  });

  test("405 on a PR already merged (the outcome of an earlier try was lost): the merge is reported", async () => {
    http.github().put(`${R}/pulls/11/merge`).reply(405, { message: "Pull Request is not mergeable" });
    http
      .github()
      .get(`${R}/pulls/11`)
      .reply(200, {
        number: 11,
        state: "closed",
        html_url: "x",
        merged: true,
        merge_commit_sha: OTHER,
        head: { ref: branch, sha: BASE_SHA },
      });
    expect(await merge(effect, performEnv(null))).toEqual([
      { type: "PullMerged", id: "effect:g1:merge", module: "p1-proto", number: 11, merge_sha: OTHER },
    ]);
  });
});

describe("UpdateBranch", () => {
  const record = new Scenario().record;
  const effect = {
    type: "UpdateBranch",
    id: "g1:update",
    module: "p1-proto",
    pr: 11,
    expected_head_sha: BASE_SHA,
  } as const;

  test("accepted (202): the branch is read until it moves, and the new head is reported", async () => {
    http
      .github()
      .put(`${R}/pulls/11/update-branch`, { expected_head_sha: BASE_SHA })
      .reply(202, { message: "Updating pull request branch.", url: "x" });
    at(BASE_SHA);
    at(OTHER);
    expect(await updateBranch(effect, performEnv(record))).toEqual([
      { type: "BranchUpdated", id: "effect:g1:update", module: "p1-proto", head_sha: OTHER },
    ]);
  });

  test("a merge conflict is a conflict for the executor", async () => {
    http.github().put(`${R}/pulls/11/update-branch`).reply(422, { message: "merge conflict between base and head" });
    expect((await updateBranch(effect, performEnv(record)))[0]).toMatchObject({
      type: "MergeRejected",
      reason: "conflict",
    });
  });

  test("asked again after the first request worked: the moved head is the answer", async () => {
    http
      .github()
      .put(`${R}/pulls/11/update-branch`)
      .reply(422, { message: "expected head sha didn't match current head ref." });
    at(OTHER);
    expect((await updateBranch(effect, performEnv(record)))[0]).toMatchObject({
      type: "BranchUpdated",
      head_sha: OTHER,
    });
  });
});

test("OpenRestorePullRequest: the checkpoint's tree on top of the base, every undone commit listed, humans flagged", async () => {
  const effect = {
    type: "OpenRestorePullRequest",
    id: "g1:restore",
    base: "main",
    to_sha: BASE_SHA,
    phase: 2,
    reason: "/rollback by @octocat",
  } as const;
  http
    .github()
    .get(`${R}/git/ref/heads%2Fmain`)
    .reply(200, { ref: "refs/heads/main", object: { sha: OTHER } });
  http
    .github()
    .get(`${R}/git/commits/${BASE_SHA}`)
    .reply(200, { sha: BASE_SHA, tree: { sha: sha("7") } });
  http
    .github()
    .get(`${R}/compare/${BASE_SHA}...${OTHER}`)
    .reply(200, {
      commits: [
        {
          sha: sha("1"),
          commit: { message: "Phase 2: service\n\nbody", author: { name: "conductor" } },
          author: { login: "conductor[bot]", type: "Bot" },
        },
        {
          sha: sha("2"),
          commit: { message: "hotfix", author: { name: "Mona" } },
          author: { login: "mona", type: "User" },
        },
      ],
    });
  restorePullOpened(http, { tree: sha("7"), parent: OTHER, commit: sha("9") });
  await openRestorePullRequest(effect, performEnv(null));
  const body = (http.find("POST", `${R}/pulls`)[0]?.body as { body?: string } | undefined)?.body ?? "";
  expect(body).toMatch(/Phase 2: service — conductor\[bot\]\n/);
  expect(body).toMatch(/hotfix — mona \*\*\(human commit\)\*\*/);
});
