import { Octokit } from "@octokit/rest";
import { ProbotOctokit } from "probot";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import type { GitHubClient } from "../../src/github/client.js";
import { createTaskStore, createTaskStoreCache } from "../../src/github/store.js";
import { CasConflictError, withCas } from "../../src/github/with-cas.js";
import { setupStrictHttp } from "../helpers/strict-http.js";

const http = setupStrictHttp();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const octokit = () => new Octokit({ auth: "t", log: quiet });
const repo = { owner: "acme", repo: "app" };
const R = "/repos/acme/app";
const REF = `${R}/git/ref/conductor%2Ftasks%2F7`;
const sha = (c: string) => c.repeat(40);
const Doc = z.object({ items: z.array(z.string()) });
type Doc = z.infer<typeof Doc>;

// Probot's client must be accepted wherever the store takes one.
const _probotFits: GitHubClient = new ProbotOctokit();

const TREE = sha("e");
const message = (record: Doc, writer = "w") => `conductor: task #7\n\nwriter ${writer}\n\n${JSON.stringify(record)}`;

/**
 * The requests of one successful or conflicting save, answered with `commit` as the new SHA: the commit
 * and the ref, plus the record tree when the store does not know it yet (`tree: true`).
 */
function expectWrite(commit: string, ref: { create: true } | { parent: string; status?: number }, tree = false) {
  if (tree) http.github().post(`${R}/git/trees`).reply(201, { sha: TREE });
  http.github().post(`${R}/git/commits`).reply(201, { sha: commit });
  if ("create" in ref) {
    http
      .github()
      .post(`${R}/git/refs`)
      .reply(201, { ref: "refs/conductor/tasks/7", object: { sha: commit } });
  } else if (ref.status === 422) {
    http.github().patch(`${R}/git/refs/conductor%2Ftasks%2F7`).reply(422, { message: "Update is not a fast forward" });
  } else {
    http
      .github()
      .patch(`${R}/git/refs/conductor%2Ftasks%2F7`)
      .reply(200, { ref: "refs/conductor/tasks/7", object: { sha: commit } });
  }
}

function expectHead(commit: string, record?: Doc, etag = `"${commit.slice(0, 6)}"`) {
  http
    .github()
    .get(REF)
    .reply(200, { ref: "refs/conductor/tasks/7", object: { sha: commit, type: "commit" } }, { etag });
  if (record) {
    http
      .github()
      .get(`${R}/git/commits/${commit}`)
      .reply(200, { sha: commit, message: message(record), tree: { sha: TREE } });
  }
}

describe("createTaskStore", () => {
  test("a task without a ref has no record; the first save makes the record tree, a root commit, the ref", async () => {
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse, writerId: "w1" });
    http.github().get(REF).reply(404, { message: "Not Found" });
    expect(await store.load(7)).toBeNull();

    expectWrite(sha("1"), { create: true }, true);
    expect(await store.save(7, { items: ["a"] }, null)).toEqual({ ok: true, version: sha("1") });

    expect(http.find("POST", `${R}/git/trees`)[0]?.body).toMatchObject({
      tree: [{ path: "README.md", mode: "100644", type: "blob" }],
    });
    expect(http.find("POST", `${R}/git/commits`)[0]?.body).toEqual({
      message: 'conductor: task #7\n\nwriter w1\n\n{"items":["a"]}',
      tree: TREE,
      parents: [],
    });
    expect(http.find("POST", `${R}/git/refs`)[0]?.body).toEqual({ ref: "refs/conductor/tasks/7", sha: sha("1") });
  });

  test("the record tree is made once: the next task's first save is two writes", async () => {
    const cache = createTaskStoreCache();
    expectWrite(sha("1"), { create: true }, true);
    await createTaskStore(octokit(), repo, { cache }).save(7, { items: [] }, null);
    expectWrite(sha("2"), { create: true });
    await createTaskStore(octokit(), repo, { cache }).save(7, { items: [] }, null);
    expect(http.find("POST", `${R}/git/trees`)).toHaveLength(1);
  });

  test("a record written in task.json by an older version is still read", async () => {
    http
      .github()
      .get(REF)
      .reply(200, { ref: "refs/conductor/tasks/7", object: { sha: sha("1"), type: "commit" } });
    http
      .github()
      .get(`${R}/git/commits/${sha("1")}`)
      .reply(200, { sha: sha("1"), message: "conductor: task #7\n\nwriter w0", tree: { sha: sha("f") } });
    http
      .github()
      .get(`${R}/contents/task.json`)
      .query({ ref: sha("1") })
      .reply(200, '{\n  "items": ["old"]\n}\n', { "content-type": "application/vnd.github.raw" });
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse });
    expect(await store.load(7)).toEqual({ record: { items: ["old"] }, version: sha("1") });
    // Its tree holds the old task.json, so the next save makes the record tree rather than reuse it.
    expectWrite(sha("2"), { parent: sha("1") }, true);
    await store.save(7, { items: ["new"] }, sha("1"));
    expect(http.find("POST", `${R}/git/commits`)[0]?.body).toMatchObject({ tree: TREE });
  });

  test("the next save is a fast-forward from the loaded head, never forced", async () => {
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse });
    expectHead(sha("1"), { items: ["a"] });
    const loaded = await store.load(7);
    expect(loaded).toEqual({ record: { items: ["a"] }, version: sha("1") });

    expectWrite(sha("2"), { parent: sha("1") });
    expect(await store.save(7, { items: ["a", "b"] }, sha("1"))).toEqual({ ok: true, version: sha("2") });
    expect(http.find("POST", `${R}/git/commits`)[0]?.body).toMatchObject({ parents: [sha("1")] });
    expect(http.find("PATCH", `${R}/git/refs/conductor%2Ftasks%2F7`)[0]?.body).toEqual({ sha: sha("2"), force: false });
  });

  test("an unchanged head is read conditionally and its record comes from the cache", async () => {
    const cache = createTaskStoreCache();
    expectHead(sha("1"), { items: ["a"] }, '"etag-1"');
    await createTaskStore(octokit(), repo, { cache }).load(7);

    http.github().get(REF).matchHeader("if-none-match", '"etag-1"').reply(304);
    expect(await createTaskStore(octokit(), repo, { cache }).load(7)).toEqual({
      record: { items: ["a"] },
      version: sha("1"),
    });
  });

  test("after our own save the record is known: the next load reads only the ref", async () => {
    const store = createTaskStore(octokit(), repo);
    expectWrite(sha("1"), { create: true }, true);
    await store.save(7, { items: ["a"] }, null);
    expectHead(sha("1"));
    expect(await store.load(7)).toEqual({ record: { items: ["a"] }, version: sha("1") });
  });

  test("a ref created by someone else first is a conflict", async () => {
    http.github().post(`${R}/git/trees`).reply(201, { sha: TREE });
    http
      .github()
      .post(`${R}/git/commits`)
      .reply(201, { sha: sha("1") });
    http.github().post(`${R}/git/refs`).reply(422, { message: "Reference already exists" });
    expect(await createTaskStore(octokit(), repo).save(7, { items: [] }, null)).toEqual({
      ok: false,
      conflict: true,
      reason: "Reference already exists",
    });
  });

  test("other failures are thrown, not mistaken for conflicts", async () => {
    http.github().get(REF).reply(500, { message: "boom" });
    await expect(createTaskStore(octokit(), repo).load(7)).rejects.toMatchObject({ status: 500 });
  });

  test("list() names every task that has a record", async () => {
    http
      .github()
      .get(`${R}/git/matching-refs/conductor%2Ftasks%2F`)
      .reply(
        200,
        [12, 7].map((n) => ({ ref: `refs/conductor/tasks/${n}`, object: { sha: sha("1") } })),
      );
    expect(await createTaskStore(octokit(), repo).list()).toEqual([7, 12]);
  });
});

describe("withCas", () => {
  const append = (item: string) => (current: Doc | null) => ({ items: [...(current?.items ?? []), item] });

  test("a concurrent writer makes our update a non-fast-forward; we reload, re-apply, and lose nothing", async () => {
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse });
    expectHead(sha("1"), { items: ["a"] });
    expectWrite(sha("3"), { parent: sha("1"), status: 422 }); // meanwhile another replica stored [a, b] as 2
    expectHead(sha("2"), { items: ["a", "b"] });
    expectWrite(sha("4"), { parent: sha("2") });

    const outcome = await withCas(store, 7, append("c"));

    expect(outcome).toEqual({ record: { items: ["a", "b", "c"] }, version: sha("4"), attempts: 2, saved: true });
    const commits = http
      .find("POST", `${R}/git/commits`)
      .map((r) => z.object({ parents: z.array(z.string()) }).parse(r.body));
    expect(commits.map((c) => c.parents)).toEqual([[sha("1")], [sha("2")]]);
    const last = z.object({ message: z.string() }).parse(http.find("POST", `${R}/git/commits`)[1]?.body);
    expect(last.message).toContain('{"items":["a","b","c"]}');
  });

  test("returning undefined writes nothing", async () => {
    expectHead(sha("1"), { items: ["a"] });
    const outcome = await withCas(createTaskStore(octokit(), repo, { parse: Doc.parse }), 7, () => undefined);
    expect(outcome).toEqual({ record: { items: ["a"] }, version: sha("1"), attempts: 1, saved: false });
  });

  test("retries are bounded and end in a clear error", async () => {
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse });
    for (const n of ["1", "2", "3"]) {
      expectHead(sha(n), { items: [n] });
      expectWrite(sha("9"), { parent: sha(n), status: 422 });
    }
    const error = await withCas(store, 7, append("x"), { maxRetries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CasConflictError);
    expect(error).toMatchObject({ issue: 7, attempts: 3 });
    expect(String(error)).toContain(
      "task #7: the record changed under us 3 times in a row (last: Update is not a fast forward)",
    );
  });
});
