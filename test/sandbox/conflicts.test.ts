import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { cleanRun, commitFiles, createBranch, type Harness, harness, statusOf } from "./helpers.js";

const CLEAN = { violations: [], responses: [], errors: [] };

describe("sandbox: conflicts and ref updates found by git", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ seed: { files: { "shared.txt": "line 1\nline 2\nline 3\n" } } });
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  async function twoPullsOnTheSameLine() {
    await createBranch(h, "left");
    await createBranch(h, "right");
    await commitFiles(h, "left", { "shared.txt": "line 1\nLEFT\nline 3\n" });
    const right = await commitFiles(h, "right", { "shared.txt": "line 1\nRIGHT\nline 3\n" });
    const { data: a } = await h.app.rest.pulls.create({ ...h.repo, head: "left", base: "main", title: "left" });
    const { data: b } = await h.app.rest.pulls.create({ ...h.repo, head: "right", base: "main", title: "right" });
    return { a, b, right };
  }

  test("the second PR touching the same line: merge 405, update-branch 422, mergeable false", async () => {
    const { a, b, right } = await twoPullsOnTheSameLine();
    await h.app.rest.pulls.merge({ ...h.repo, pull_number: a.number });
    const { data: after } = await h.app.rest.pulls.get({ ...h.repo, pull_number: b.number });
    expect([after.mergeable, after.mergeable_state]).toEqual([false, "dirty"]);
    expect(await statusOf(h.app.rest.pulls.merge({ ...h.repo, pull_number: b.number, sha: right }))).toBe(405);
    const update = h.app.rest.pulls.updateBranch({ ...h.repo, pull_number: b.number, expected_head_sha: right });
    await expect(update).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/merge conflict/) });
    expect(await h.sandbox.git(["rev-parse", "right"])).toBe(right);
    expect(cleanRun(h.sandbox)).toEqual(CLEAN);
  });

  test("update-branch merges a base that moved on other lines, and checks expected_head_sha", async () => {
    await createBranch(h, "feature");
    const head = await commitFiles(h, "feature", { "other.txt": "x\n" });
    const { data: pr } = await h.app.rest.pulls.create({ ...h.repo, head: "feature", base: "main", title: "feature" });
    expect(await statusOf(h.app.rest.pulls.updateBranch({ ...h.repo, pull_number: pr.number }))).toBe(422); // nothing new on base
    const base = await commitFiles(h, "main", { "shared.txt": "line 1\nline 2\nline 3 on main\n" });
    const stale = h.app.rest.pulls.updateBranch({ ...h.repo, pull_number: pr.number, expected_head_sha: base });
    expect(await statusOf(stale)).toBe(422);
    const { status } = await h.app.rest.pulls.updateBranch({
      ...h.repo,
      pull_number: pr.number,
      expected_head_sha: head,
    });
    expect(status).toBe(202);
    const parents = await h.sandbox.git(["log", "-1", "--format=%P", "feature"]);
    expect(parents).toBe(`${head} ${base}`);
    const { data: after } = await h.app.rest.pulls.get({ ...h.repo, pull_number: pr.number });
    expect(after.head.sha).toBe(await h.sandbox.git(["rev-parse", "feature"]));
    const synchronize = h.sandbox.webhooks
      .all()
      .filter((d) => d.name === "pull_request" && d.payload.action === "synchronize");
    expect(synchronize.at(-1)?.payload).toMatchObject({ before: head, after: after.head.sha });
    expect(cleanRun(h.sandbox)).toEqual(CLEAN);
  });

  test("a non-fast-forward ref update is 422 unless forced; matching-refs lists by prefix", async () => {
    const root = await createBranch(h, "conductor/7/integration");
    await createBranch(h, "conductor/7/p1-api");
    const moved = await commitFiles(h, "conductor/7/integration", { "a.txt": "a\n" });
    const back = h.app.rest.git.updateRef({ ...h.repo, ref: "heads/conductor/7/integration", sha: root });
    await expect(back).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/Update is not a fast forward/),
    });
    expect(await h.sandbox.git(["rev-parse", "conductor/7/integration"])).toBe(moved);
    await h.app.rest.git.updateRef({ ...h.repo, ref: "heads/conductor/7/integration", sha: root, force: true });
    expect(await h.sandbox.git(["rev-parse", "conductor/7/integration"])).toBe(root);
    const { data: refs } = await h.app.rest.git.listMatchingRefs({ ...h.repo, ref: "heads/conductor/7/" });
    expect(refs.map((r) => r.ref)).toEqual(["refs/heads/conductor/7/integration", "refs/heads/conductor/7/p1-api"]);
    const exists = h.app.rest.git.createRef({ ...h.repo, ref: "refs/heads/conductor/7/p1-api", sha: root });
    await expect(exists).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/Reference already exists/),
    });
    await h.app.rest.git.deleteRef({ ...h.repo, ref: "heads/conductor/7/p1-api" });
    expect(await statusOf(h.app.rest.git.getRef({ ...h.repo, ref: "heads/conductor/7/p1-api" }))).toBe(404);
    expect(cleanRun(h.sandbox)).toEqual(CLEAN);
  });

  test("a push from a clone of the bare repository becomes a synchronize", async () => {
    await createBranch(h, "pushed");
    await commitFiles(h, "pushed", { "p.txt": "1\n" });
    const { data: pr } = await h.app.rest.pulls.create({ ...h.repo, head: "pushed", base: "main", title: "pushed" });
    const { execFileSync } = await import("node:child_process");
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const work = mkdtempSync(join(tmpdir(), "sandbox-clone-"));
    try {
      const env = {
        ...process.env,
        GIT_AUTHOR_NAME: "executor",
        GIT_AUTHOR_EMAIL: "e@x",
        GIT_COMMITTER_NAME: "executor",
        GIT_COMMITTER_EMAIL: "e@x",
      };
      const git = (...args: string[]) => execFileSync("git", args, { cwd: work, env }).toString().trim();
      git("clone", "--quiet", "--branch", "pushed", h.sandbox.gitDir, ".");
      // Enough files that git sends a pack rather than loose objects.
      for (let i = 0; i < 120; i++) writeFileSync(join(work, `gen-${i}.txt`), `${i}\n`);
      git("add", ".");
      git("commit", "--quiet", "-m", "executor work");
      git("push", "--quiet", "origin", "pushed");
      const sha = git("rev-parse", "HEAD");
      h.sandbox.webhooks.take();
      await h.sandbox.receivePush("executor[bot]");
      const [delivery] = h.sandbox.webhooks.take();
      expect(delivery?.name).toBe("pull_request");
      expect(delivery?.payload).toMatchObject({
        action: "synchronize",
        after: sha,
        sender: { login: "executor[bot]" },
      });
      const { data: after } = await h.app.rest.pulls.get({ ...h.repo, pull_number: pr.number });
      expect([after.head.sha, after.changed_files]).toEqual([sha, 121]);
      const { data: commit } = await h.app.rest.git.getCommit({ ...h.repo, commit_sha: sha });
      expect(commit.message).toBe("executor work");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
