import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { cleanRun, commitFiles, createBranch, type Harness, harness, statusOf } from "./helpers.js";

const CLEAN = { violations: [], responses: [], errors: [] };

describe("sandbox: branches, commits and pull requests over real git", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ seed: { files: { "README.md": "# demo\n", "src/app.ts": "export const a = 1;\n" } } });
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  test("branch, commit through the git data API, open a PR, list its files with patch, merge with the right sha", async () => {
    await createBranch(h, "feature/one");
    const head = await commitFiles(
      h,
      "feature/one",
      { "src/app.ts": "export const a = 2;\n", "docs/new.md": "hello\n" },
      "feat: one",
    );
    const { data: pr } = await h.app.rest.pulls.create({
      ...h.repo,
      head: "feature/one",
      base: "main",
      title: "One",
      body: "Closes #99",
    });
    expect(pr.number).toBe(1);
    expect(pr.head.sha).toBe(head);

    const files = await h.app.paginate(h.app.rest.pulls.listFiles, { ...h.repo, pull_number: pr.number, per_page: 1 });
    expect(files.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ["docs/new.md", "added", 1, 0],
      ["src/app.ts", "modified", 1, 1],
    ]);
    expect(files[1]?.patch).toBe("@@ -1 +1 @@\n-export const a = 1;\n+export const a = 2;");

    const { data: got } = await h.app.rest.pulls.get({ ...h.repo, pull_number: pr.number });
    expect([got.mergeable, got.mergeable_state, got.commits, got.changed_files]).toEqual([true, "clean", 1, 2]);

    const { data: merged } = await h.app.rest.pulls.merge({ ...h.repo, pull_number: pr.number, sha: head });
    expect(merged.merged).toBe(true);
    const log = await h.sandbox.git(["log", "--format=%H %P %s", "-1", "main"]);
    const [sha, parent1, parent2, ...subject] = log.split(" ");
    expect(sha).toBe(merged.sha);
    expect(parent2).toBe(head);
    expect(parent1).toMatch(/^[0-9a-f]{40}$/);
    expect(subject.join(" ")).toBe(`Merge pull request #1 from ${h.repo.owner}/feature/one`);
    expect(await h.sandbox.git(["show", "main:src/app.ts"])).toBe("export const a = 2;");

    const { data: after } = await h.app.rest.pulls.get({ ...h.repo, pull_number: pr.number });
    expect([after.state, after.merged, after.merge_commit_sha]).toEqual(["closed", true, merged.sha]);
    // Files of a merged PR stay what they were.
    const { data: filesAfter } = await h.app.rest.pulls.listFiles({ ...h.repo, pull_number: pr.number });
    expect(filesAfter).toHaveLength(2);
    expect(cleanRun(h.sandbox)).toEqual(CLEAN);
  });

  test("a stale sha is refused with 409, a second PR for the same head with 422", async () => {
    await createBranch(h, "feature/two");
    const first = await commitFiles(h, "feature/two", { "a.txt": "1\n" });
    const { data: pr } = await h.app.rest.pulls.create({
      ...h.repo,
      head: `${h.repo.owner}:feature/two`,
      base: "main",
      title: "Two",
    });
    const duplicate = h.app.rest.pulls.create({ ...h.repo, head: "feature/two", base: "main", title: "Two again" });
    await expect(duplicate).rejects.toThrow(/A pull request already exists for octo-org:feature\/two/);
    await commitFiles(h, "feature/two", { "a.txt": "2\n" });
    expect(await statusOf(h.app.rest.pulls.merge({ ...h.repo, pull_number: pr.number, sha: first }))).toBe(409);
    const listed = await h.app.rest.pulls.list({ ...h.repo, head: `${h.repo.owner}:feature/two`, state: "open" });
    expect(listed.data.map((p) => p.number)).toEqual([pr.number]);
    expect(cleanRun(h.sandbox)).toEqual(CLEAN);
  });

  test("squash merge writes one commit with the PR title; contents API keeps sha compare-and-swap", async () => {
    await createBranch(h, "feature/sq");
    const put = await h.app.rest.repos.createOrUpdateFileContents({
      ...h.repo,
      path: "notes/a.md",
      branch: "feature/sq",
      message: "add a",
      content: Buffer.from("A\n").toString("base64"),
    });
    expect(put.status).toBe(201);
    const stale = h.app.rest.repos.createOrUpdateFileContents({
      ...h.repo,
      path: "notes/a.md",
      branch: "feature/sq",
      message: "edit a",
      content: Buffer.from("B\n").toString("base64"),
      sha: "0".repeat(40),
    });
    expect(await statusOf(stale)).toBe(409);
    const { data: file } = await h.app.rest.repos.getContent({ ...h.repo, path: "notes/a.md", ref: "feature/sq" });
    expect(
      Array.isArray(file) ? "dir" : Buffer.from("content" in file ? (file.content ?? "") : "", "base64").toString(),
    ).toBe("A\n");
    const { data: pr } = await h.app.rest.pulls.create({
      ...h.repo,
      head: "feature/sq",
      base: "main",
      title: "Squash me",
    });
    const { data: merged } = await h.app.rest.pulls.merge({
      ...h.repo,
      pull_number: pr.number,
      merge_method: "squash",
    });
    expect(await h.sandbox.git(["log", "--format=%s|%P", "-1", "main"])).toMatch(/^Squash me \(#1\)\|[0-9a-f]{40}$/);
    expect(merged.sha).toBe(await h.sandbox.git(["rev-parse", "main"]));
    expect(cleanRun(h.sandbox)).toEqual(CLEAN);
  });
});
