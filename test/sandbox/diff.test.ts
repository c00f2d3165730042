import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { cleanRun, createBranch, type Harness, harness, statusOf } from "./helpers.js";

describe("sandbox: diffs, comparisons and pull request edits", () => {
  let h: Harness;
  beforeEach(async () => {
    const big = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    h = await harness({
      seed: { files: { "keep.txt": "k\n", "gone.txt": "bye\n", "old name.md": `${big}\n`, "dir/a.txt": "a\n" } },
    });
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  test("added, removed, renamed, binary and nested changes; compare; PR edits and base changes", async () => {
    const base = await createBranch(h, "change");
    const { data: baseCommit } = await h.app.rest.git.getCommit({ ...h.repo, commit_sha: base });
    const { data: blob } = await h.app.rest.git.createBlob({
      ...h.repo,
      content: Buffer.from([0, 1, 2, 255]).toString("base64"),
      encoding: "base64",
    });
    const big = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const { data: tree } = await h.app.rest.git.createTree({
      ...h.repo,
      base_tree: baseCommit.tree.sha,
      tree: [
        { path: "gone.txt", mode: "100644", type: "blob", sha: null },
        { path: "old name.md", mode: "100644", type: "blob", sha: null },
        { path: "new name.md", mode: "100644", type: "blob", content: `${big}\nline 20\n` },
        { path: "bin/data.bin", mode: "100644", type: "blob", sha: blob.sha },
        { path: "dir/b/c.txt", mode: "100755", type: "blob", content: "c\n" },
      ],
    });
    const { data: commit } = await h.app.rest.git.createCommit({
      ...h.repo,
      message: "many",
      tree: tree.sha,
      parents: [base],
    });
    await h.app.rest.git.updateRef({ ...h.repo, ref: "heads/change", sha: commit.sha });

    const { data: cmp } = await h.app.rest.repos.compareCommitsWithBasehead({ ...h.repo, basehead: "main...change" });
    expect([cmp.status, cmp.ahead_by, cmp.behind_by, cmp.total_commits, cmp.commits.map((c) => c.sha)]).toEqual([
      "ahead",
      1,
      0,
      1,
      [commit.sha],
    ]);
    const files = Object.fromEntries(
      (cmp.files ?? []).map((f) => [f.filename, [f.status, f.additions, f.deletions, f.previous_filename]]),
    );
    expect(files).toEqual({
      "bin/data.bin": ["added", 0, 0, undefined],
      "dir/b/c.txt": ["added", 1, 0, undefined],
      "gone.txt": ["removed", 0, 1, undefined],
      "new name.md": ["renamed", 1, 0, "old name.md"],
    });
    const renamed = cmp.files?.find((f) => f.filename === "new name.md");
    expect(renamed?.sha).toBe(await h.sandbox.git(["rev-parse", "change:new name.md"]));
    const { data: full } = await h.app.rest.git.getTree({ ...h.repo, tree_sha: "change", recursive: "1" });
    expect(full.tree.map((e) => `${e.mode} ${e.type} ${e.path}`)).toEqual(
      (await h.sandbox.git(["ls-tree", "-r", "-t", "change"])).split("\n").map((l) => {
        const [meta = "", path] = l.split("\t");
        const [mode, type] = meta.split(" ");
        return `${mode} ${type} ${path}`;
      }),
    );
    const { data: content } = await h.app.rest.repos.getContent({ ...h.repo, path: "dir", ref: "change" });
    expect(Array.isArray(content) ? content.map((e) => [e.name, e.type]) : []).toEqual([
      ["a.txt", "file"],
      ["b", "dir"],
    ]);

    await createBranch(h, "other-base");
    const { data: pr } = await h.app.rest.pulls.create({
      ...h.repo,
      head: "change",
      base: "main",
      title: "change",
      body: "x",
    });
    const diff = await h.app.rest.pulls.get({ ...h.repo, pull_number: pr.number, mediaType: { format: "diff" } });
    expect(String(diff.data)).toContain("diff --git a/dir/b/c.txt b/dir/b/c.txt");
    const { data: edited } = await h.app.rest.pulls.update({
      ...h.repo,
      pull_number: pr.number,
      title: "renamed",
      base: "other-base",
    });
    expect([edited.title, edited.base.ref]).toEqual(["renamed", "other-base"]);
    await h.app.rest.pulls.update({ ...h.repo, pull_number: pr.number, state: "closed" });
    expect(await statusOf(h.app.rest.pulls.merge({ ...h.repo, pull_number: pr.number }))).toBe(405);
    const { data: reopened } = await h.app.rest.pulls.update({ ...h.repo, pull_number: pr.number, state: "open" });
    expect(reopened.state).toBe("open");
    const actions = h.sandbox.webhooks
      .all()
      .filter((d) => d.name === "pull_request")
      .map((d) => d.payload.action);
    expect(actions).toEqual(["opened", "edited", "edited", "closed", "reopened"]);
    expect(cleanRun(h.sandbox)).toEqual({ violations: [], responses: [], errors: [] });
  });

  test("latency hook delays answers", async () => {
    h.sandbox.faults.setLatency((method) => (method === "GET" ? 30 : undefined));
    const started = performance.now();
    await h.app.rest.repos.get(h.repo);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    h.sandbox.faults.clear();
  });
});
