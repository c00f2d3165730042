/**
 * The task record file `tasks/<issue>.json` on the branch `conductor/state`, on the mocked GitHub
 * (src/github/store/store.ts): the contents API's reads (with ETags and 304s) and compare-and-swap writes
 * (409 on a stale `sha`, 422 on a missing one) answered from memory, so tests see what the app saved, how
 * often, and can let another writer win a race. The branch exists from the start (its creation is
 * tested in store.test.ts). Its mocks are persisted and optional: how often the store is used is what
 * tests assert, through `saved` and the records.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { TaskRecord } from "../../src/core/record.js";
import type { StrictHttp } from "../helpers/strict-http.js";
import { R } from "./harness.js";

const PutBody = z.object({ content: z.string(), branch: z.literal("conductor/state"), sha: z.string().optional() });

export interface StoreFake {
  /** The record the file holds now. */
  readonly record: TaskRecord | null;
  /** Every record the app saved, in order. */
  readonly saved: TaskRecord[];
  /** Before the app's next write, another writer saves `change(current)` first. */
  raceNextSave(change: (current: TaskRecord) => TaskRecord): void;
}

/** The blob SHA git (and so GitHub) gives a file's content. */
const blobSha = (text: string): string =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");

export function fakeStore(http: StrictHttp, issue: number, initial: TaskRecord | null): StoreFake {
  const path = `tasks/${issue}.json`;
  const url = `${R}/contents/tasks%2F${issue}.json`;
  let file: { sha: string; text: string } | null = null;
  const saved: TaskRecord[] = [];
  let race: ((current: TaskRecord) => TaskRecord) | null = null;

  const write = (text: string) => {
    file = { sha: blobSha(text), text };
  };
  const current = (): TaskRecord | null => (file ? TaskRecord.parse(JSON.parse(file.text)) : null);
  const entry = (f: { sha: string; text: string }) => ({
    type: "file",
    name: `${issue}.json`,
    path,
    sha: f.sha,
    size: Buffer.byteLength(f.text),
    url: `https://api.github.com${url}?ref=conductor/state`,
    html_url: `https://github.com${R.slice("/repos".length)}/blob/conductor/state/${path}`,
    git_url: `https://api.github.com${R}/git/blobs/${f.sha}`,
    download_url: null,
  });
  if (initial) write(JSON.stringify(initial));

  const scope = http.github().persist();
  scope
    .get(url)
    .query({ ref: "conductor/state" })
    .optionally()
    .reply((request: Request) => {
      if (!file) return [404, { message: "Not Found" }];
      const etag = `"${file.sha}"`;
      if (request.headers.get("if-none-match") === etag) return [304, ""];
      const content = Buffer.from(file.text).toString("base64");
      return [200, { ...entry(file), encoding: "base64", content }, { etag }];
    });
  // The folder listing (`list()`: the sweep, and the history an estimate reads, docs/estimates.md) shows this
  // task's file, as GitHub's would.
  scope
    .get(`${R}/contents/tasks`)
    .query({ ref: "conductor/state" })
    .optionally()
    .reply(() => (file ? [200, [entry(file)]] : [404, { message: "Not Found" }]));
  scope
    .put(url)
    .optionally()
    .reply(async (request: Request) => {
      const body = PutBody.parse(await request.json());
      const before = current();
      if (race && before) {
        write(JSON.stringify(race(before)));
        race = null;
      }
      if (file && body.sha === undefined) return [422, { message: 'Invalid request.\n\n"sha" wasn\'t supplied.' }];
      if (body.sha !== undefined && file?.sha !== body.sha) {
        return [409, { message: `${path} does not match ${body.sha}` }];
      }
      const created = !file;
      write(Buffer.from(body.content, "base64").toString("utf8"));
      const record = current();
      if (record) saved.push(record);
      return [
        created ? 201 : 200,
        { content: file && entry(file), commit: { sha: blobSha(`commit ${saved.length}`) } },
      ];
    });

  return {
    get record() {
      return current();
    },
    saved,
    raceNextSave(change) {
      race = change;
    },
  };
}
