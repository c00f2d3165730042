import { Octokit } from "@octokit/rest";
import { ProbotOctokit } from "probot";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import type { GitHubClient } from "../../src/github/octokit/client.js";
import { createTaskStore, createTaskStoreCache } from "../../src/github/store/store.js";
import { CasConflictError, withCas } from "../../src/github/store/with-cas.js";
import { describeRecordProblems, UnreadableRecordError } from "../../src/github/unreadable/unreadable-record-error.js";
import { setupStrictHttp } from "../helpers/strict-http.js";

const http = setupStrictHttp();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const octokit = () => new Octokit({ auth: "t", log: quiet });
const repo = { owner: "acme", repo: "app" };
const R = "/repos/acme/app";
const FILE = `${R}/contents/tasks%2F7.json`;
const BRANCH = { ref: "conductor/state" };
const sha = (c: string) => c.repeat(40);
const Doc = z.object({ items: z.array(z.string()) });
type Doc = z.infer<typeof Doc>;
const base64 = (record: Doc) => Buffer.from(JSON.stringify(record)).toString("base64");

/** The state branch made: README tree, root commit, then the ref (201), or another replica's first (422). */
function stateBranchMade(refStatus: 201 | 422): void {
  http
    .github()
    .post(`${R}/git/trees`)
    .reply(201, { sha: sha("e") });
  http
    .github()
    .post(`${R}/git/commits`)
    .reply(201, { sha: sha("d") });
  const ref = http.github().post(`${R}/git/refs`);
  if (refStatus === 201) ref.reply(201, { ref: "refs/heads/conductor/state", object: { sha: sha("d") } });
  else ref.reply(422, { message: "Reference already exists" });
}
const PutBody = z.object({ content: z.string(), sha: z.string().optional(), branch: z.string(), message: z.string() });
const putBodies = () => http.find("PUT", FILE).map((r) => PutBody.parse(r.body));
const decoded = (content: string | undefined) => Buffer.from(content ?? "", "base64").toString("utf8");

// Probot's client must be accepted wherever the store takes one.
const _probotFits: GitHubClient = new ProbotOctokit();

/** The record file at blob `blob`, as `GET /contents` answers it. */
function expectFile(blob: string, record: Doc, etag = `"${blob.slice(0, 6)}"`) {
  http
    .github()
    .get(FILE)
    .query(BRANCH)
    .reply(
      200,
      { type: "file", path: "tasks/7.json", sha: blob, encoding: "base64", content: base64(record) },
      { etag },
    );
}

/** One `PUT` of the record file: accepted as blob `blob`, or refused with `status`. */
function expectPut(result: { blob: string } | { status: number; message: string }) {
  const scope = http.github().put(FILE);
  if ("blob" in result)
    scope.reply(200, { content: { sha: result.blob, path: "tasks/7.json" }, commit: { sha: sha("c") } });
  else scope.reply(result.status, { message: result.message });
}

describe("createTaskStore", () => {
  /** The record file at blob `blob` holding `text` as is. */
  const fileText = (blob: string, text: string) =>
    http
      .github()
      .get(FILE)
      .query(BRANCH)
      .reply(200, {
        type: "file",
        path: "tasks/7.json",
        sha: blob,
        encoding: "base64",
        content: Buffer.from(text).toString("base64"),
      });

  test("a record that is not JSON is unreadable: the error names the branch, the path, the blob and the parser's words", async () => {
    fileText(sha("a"), '{\n  "items": [\n    "one",\n  ]\n}');
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse });
    const error = await store.load(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableRecordError);
    expect(error).toMatchObject({ issue: 7, branch: "conductor/state", path: "tasks/7.json", version: sha("a") });
    // The stray `]` after the trailing comma: line 4, column 3.
    expect((error as UnreadableRecordError).problems).toEqual([
      expect.stringMatching(/^not JSON at line 4, column 3: Unexpected token '\]'.* is not valid JSON$/),
    ]);
  });

  test("a long record broken in the middle: the position is found from the text V8 quotes around the token", () => {
    const text = JSON.stringify({ a: "x".repeat(100), b: [1, 2, 3], c: "y".repeat(100) }, null, 1).replace(
      "1,\n  2",
      "1,\n  ,",
    );
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    const at = text.indexOf(",\n  ,") + 4;
    const line = text.slice(0, at).split("\n").length;
    expect(describeRecordProblems(text, error)[0]).toMatch(
      new RegExp(`^not JSON at line ${line}, column 3: Unexpected token ','`),
    );
  });

  test("a record the schema refuses is unreadable: each problem names its JSON path", async () => {
    fileText(sha("b"), JSON.stringify({ items: ["one", 2, "three", null] }));
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse });
    const error = await store.load(7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableRecordError);
    expect((error as UnreadableRecordError).problems).toEqual([
      expect.stringMatching(/^\$\.items\[1\]: .*string/),
      expect.stringMatching(/^\$\.items\[3\]: .*string/),
    ]);
    expect(String(error)).toContain("the record conductor/state:tasks/7.json (blob bbbbbbb) is unreadable");
  });

  test("a task without a record file has none; the first save creates the file without a sha", async () => {
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse, writerId: "w1" });
    http.github().get(FILE).query(BRANCH).reply(404, { message: "Not Found" });
    expect(await store.load(7)).toBeNull();

    expectPut({ blob: sha("1") });
    expect(await store.save(7, { items: ["a"] }, null)).toEqual({ ok: true, version: sha("1") });
    const [put] = putBodies();
    expect(put).toEqual({
      message: "conductor: task #7 (writer w1)",
      content: base64({ items: ["a"] }),
      branch: "conductor/state",
    });
  });

  test("a repository without the state branch gets it once: README tree, root commit, branch; then the write", async () => {
    const cache = createTaskStoreCache();
    http.github().put(FILE).reply(404, { message: "Branch conductor/state not found" });
    stateBranchMade(201);
    expectPut({ blob: sha("1") });
    expect(await createTaskStore(octokit(), repo, { cache }).save(7, { items: [] }, null)).toEqual({
      ok: true,
      version: sha("1"),
    });

    const tree = z
      .object({ tree: z.array(z.object({ path: z.string(), content: z.string() })) })
      .parse(http.find("POST", `${R}/git/trees`)[0]?.body).tree;
    expect(tree.map((e) => e.path)).toEqual(["README.md"]); // no .github/workflows: a state write starts no CI
    expect(tree[0]?.content).toContain("no `.github/workflows`");
    expect(http.find("POST", `${R}/git/commits`)[0]?.body).toMatchObject({ tree: sha("e"), parents: [] });
    expect(http.find("POST", `${R}/git/refs`)[0]?.body).toEqual({ ref: "refs/heads/conductor/state", sha: sha("d") });
  });

  test("a state branch another replica made first is fine", async () => {
    http.github().put(FILE).reply(404, { message: "Branch conductor/state not found" });
    stateBranchMade(422);
    expectPut({ blob: sha("1") });
    expect(await createTaskStore(octokit(), repo).save(7, { items: [] }, null)).toMatchObject({ ok: true });
  });

  test("a branch still missing after it was made is an error, not a loop", async () => {
    http.github().put(FILE).times(2).reply(404, { message: "Branch conductor/state not found" });
    stateBranchMade(201);
    await expect(createTaskStore(octokit(), repo).save(7, { items: [] }, null)).rejects.toMatchObject({ status: 404 });
  });

  test("the next save sends the loaded blob sha", async () => {
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse });
    expectFile(sha("1"), { items: ["a"] });
    expect(await store.load(7)).toEqual({ record: { items: ["a"] }, version: sha("1") });

    expectPut({ blob: sha("2") });
    expect(await store.save(7, { items: ["a", "b"] }, sha("1"))).toEqual({ ok: true, version: sha("2") });
    expect(putBodies()[0]).toMatchObject({ sha: sha("1"), branch: "conductor/state" });
    expect(decoded(putBodies()[0]?.content)).toBe('{"items":["a","b"]}');
  });

  test("an unchanged file is read conditionally and its record comes from the cache", async () => {
    const cache = createTaskStoreCache();
    expectFile(sha("1"), { items: ["a"] }, '"etag-1"');
    await createTaskStore(octokit(), repo, { cache }).load(7);

    http.github().get(FILE).query(BRANCH).matchHeader("if-none-match", '"etag-1"').reply(304);
    expect(await createTaskStore(octokit(), repo, { cache }).load(7)).toEqual({
      record: { items: ["a"] },
      version: sha("1"),
    });
  });

  test("after our own save the next load is unconditional (no ETag known yet) and fills the cache", async () => {
    const store = createTaskStore(octokit(), repo);
    expectPut({ blob: sha("1") });
    await store.save(7, { items: ["a"] }, null);
    expectFile(sha("1"), { items: ["a"] });
    expect(await store.load(7)).toEqual({ record: { items: ["a"] }, version: sha("1") });
    expect(http.find("GET", FILE)[0]?.headers["if-none-match"]).toBeUndefined();
  });

  test.each([
    [409, `tasks/7.json does not match ${sha("1")}`],
    [409, `is at ${sha("8")} but expected ${sha("9")}`], // another task's write moved the branch meanwhile
    [422, 'Invalid request.\n\n"sha" wasn\'t supplied.'], // someone created the file first
  ])("a %i from the PUT is a conflict: %s", async (status, message) => {
    expectPut({ status, message });
    expect(await createTaskStore(octokit(), repo).save(7, { items: [] }, sha("1"))).toEqual({
      ok: false,
      conflict: true,
      reason: message,
    });
  });

  test("a vanished branch under a loaded record is a conflict (the reload finds no record)", async () => {
    expectPut({ status: 404, message: "Branch conductor/state not found" });
    expect(await createTaskStore(octokit(), repo).save(7, { items: [] }, sha("1"))).toMatchObject({
      ok: false,
      conflict: true,
    });
  });

  test("other failures are thrown, not mistaken for conflicts", async () => {
    http.github().get(FILE).query(BRANCH).reply(500, { message: "boom" });
    await expect(createTaskStore(octokit(), repo).load(7)).rejects.toMatchObject({ status: 500 });
    expectPut({ status: 403, message: "Resource not accessible by integration" });
    await expect(createTaskStore(octokit(), repo).save(7, { items: [] }, sha("1"))).rejects.toMatchObject({
      status: 403,
    });
  });

  test("list() names every task that has a record file; none without the branch", async () => {
    const entry = (name: string, type = "file") => ({ name, path: `tasks/${name}`, type, sha: sha("1") });
    http
      .github()
      .get(`${R}/contents/tasks`)
      .query(BRANCH)
      .reply(200, [entry("12.json"), entry("7.json"), entry("notes.md"), entry("3.json", "dir")]);
    expect(await createTaskStore(octokit(), repo).list()).toEqual([7, 12]);
    http.github().get(`${R}/contents/tasks`).query(BRANCH).reply(404, { message: "Not Found" });
    expect(await createTaskStore(octokit(), repo).list()).toEqual([]);
  });
});

describe("withCas", () => {
  const append = (item: string) => (current: Doc | null) => ({ items: [...(current?.items ?? []), item] });

  test("a concurrent writer makes our PUT stale; we reload, re-apply, and lose nothing", async () => {
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse });
    expectFile(sha("1"), { items: ["a"] });
    expectPut({ status: 409, message: `tasks/7.json does not match ${sha("1")}` }); // another replica stored [a, b]
    expectFile(sha("2"), { items: ["a", "b"] });
    expectPut({ blob: sha("4") });

    const outcome = await withCas(store, 7, append("c"));

    expect(outcome).toEqual({ record: { items: ["a", "b", "c"] }, version: sha("4"), attempts: 2, saved: true });
    expect(putBodies().map((p) => p.sha)).toEqual([sha("1"), sha("2")]);
    expect(decoded(putBodies()[1]?.content)).toBe('{"items":["a","b","c"]}');
  });

  test("returning undefined writes nothing", async () => {
    expectFile(sha("1"), { items: ["a"] });
    const outcome = await withCas(createTaskStore(octokit(), repo, { parse: Doc.parse }), 7, () => undefined);
    expect(outcome).toEqual({ record: { items: ["a"] }, version: sha("1"), attempts: 1, saved: false });
  });

  test("retries are bounded and end in a clear error", async () => {
    const store = createTaskStore(octokit(), repo, { parse: Doc.parse });
    for (const n of ["1", "2", "3"]) {
      expectFile(sha(n), { items: [n] });
      expectPut({ status: 409, message: `tasks/7.json does not match ${sha(n)}` });
    }
    const error = await withCas(store, 7, append("x"), { maxRetries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CasConflictError);
    expect(error).toMatchObject({ issue: 7, attempts: 3 });
    expect(String(error)).toContain(
      `task #7: the record changed under us 3 times in a row (last: tasks/7.json does not match ${sha("3")})`,
    );
  });
});
