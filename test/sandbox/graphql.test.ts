import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fieldCalls } from "../../sandbox/graphql-args.js";
import { cleanRun, commitFiles, createBranch, type Harness, harness } from "./helpers.js";

const ZERO = "0".repeat(40);

describe("sandbox: GraphQL subset", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  test("argument parsing handles variables, literals, lists and nested objects", () => {
    const calls = fieldCalls(
      `mutation Up($id: ID!, $after: GitObjectID!) { updateRefs(input: {repositoryId: $id, refUpdates: [{name: "refs/x", afterOid: $after, force: true}]}) { clientMutationId } }`,
      { id: "R_1", after: "abc" },
    );
    expect(calls).toEqual([
      {
        name: "updateRefs",
        args: { input: { repositoryId: "R_1", refUpdates: [{ name: "refs/x", afterOid: "abc", force: true }] } },
      },
    ]);
  });

  test("markPullRequestReadyForReview flips draft and emits ready_for_review", async () => {
    await createBranch(h, "wip");
    await commitFiles(h, "wip", { "w.txt": "w\n" });
    const { data: pr } = await h.app.rest.pulls.create({
      ...h.repo,
      head: "wip",
      base: "main",
      title: "wip",
      draft: true,
    });
    expect(pr.draft).toBe(true);
    const result = await h.app.graphql<{ markPullRequestReadyForReview: { pullRequest: { isDraft: boolean } } }>(
      "mutation($id: ID!) { markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { isDraft } } }",
      { id: pr.node_id },
    );
    expect(result.markPullRequestReadyForReview.pullRequest.isDraft).toBe(false);
    expect((await h.app.rest.pulls.get({ ...h.repo, pull_number: pr.number })).data.draft).toBe(false);
    expect(h.sandbox.webhooks.all().some((d) => d.payload.action === "ready_for_review")).toBe(true);
    await expect(
      h.app.graphql(
        'mutation { markPullRequestReadyForReview(input: {pullRequestId: "PR_nope"}) { clientMutationId } }',
      ),
    ).rejects.toThrow(/Could not resolve to a node/);
  });

  test("updateRefs is a compare-and-swap on any ref, and repository.ref reads it back", async () => {
    const main = await h.sandbox.git(["rev-parse", "main"]);
    const { data: tree } = await h.app.rest.git.createTree({
      ...h.repo,
      tree: [{ path: "task.json", mode: "100644", type: "blob", content: "{}" }],
    });
    const { data: c1 } = await h.app.rest.git.createCommit({
      ...h.repo,
      message: "record v1",
      tree: tree.sha,
      parents: [],
    });
    const { data: c2 } = await h.app.rest.git.createCommit({
      ...h.repo,
      message: "record v2",
      tree: tree.sha,
      parents: [c1.sha],
    });
    const mutation = "mutation($input: UpdateRefsInput!) { updateRefs(input: $input) { clientMutationId } }";
    const update = (beforeOid: string, afterOid: string) =>
      h.app.graphql(mutation, {
        input: { repositoryId: "R_x", refUpdates: [{ name: "refs/conductor/tasks/6", beforeOid, afterOid }] },
      });
    await update(ZERO, c1.sha);
    await expect(update(ZERO, c1.sha)).rejects.toThrow(/not at the expected/);
    await update(c1.sha, c2.sha);
    await expect(update(c1.sha, c2.sha)).rejects.toThrow(/not at the expected/);
    await expect(update(c2.sha, main)).rejects.toThrow(/not a fast forward/);
    const read = await h.app.graphql<{ repository: { ref: { target: { oid: string } } } }>(
      'query { repository(owner: "o", name: "r") { ref(qualifiedName: "refs/conductor/tasks/6") { target { oid } } } }',
    );
    expect(read.repository.ref.target.oid).toBe(c2.sha);
    expect(await h.sandbox.git(["rev-parse", "refs/conductor/tasks/6"])).toBe(c2.sha);
    expect(cleanRun(h.sandbox)).toEqual({ violations: [], responses: [], errors: [] });
  });

  test("rebase merge replays the commits onto the base", async () => {
    await createBranch(h, "rb");
    await commitFiles(h, "rb", { "r1.txt": "1\n" }, "first");
    const head = await commitFiles(h, "rb", { "r2.txt": "2\n" }, "second");
    await commitFiles(h, "main", { "m.txt": "m\n" }, "on main");
    const { data: pr } = await h.app.rest.pulls.create({ ...h.repo, head: "rb", base: "main", title: "rebase" });
    const { data: merged } = await h.app.rest.pulls.merge({
      ...h.repo,
      pull_number: pr.number,
      sha: head,
      merge_method: "rebase",
    });
    expect(await h.sandbox.git(["log", "--format=%s", "-3", "main"])).toBe("second\nfirst\non main");
    expect(merged.sha).toBe(await h.sandbox.git(["rev-parse", "main"]));
  });
});
