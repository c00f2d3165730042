/**
 * The task record ref `refs/conductor/tasks/<issue>` on the mocked GitHub (src/github/store.ts): reads
 * and compare-and-swap writes answered from memory, so tests see what the app saved, how often, and can
 * let another writer win a race. Its mocks are persisted and optional: how often the store is used is
 * what tests assert, through `saves` and the records.
 */
import { z } from "zod";
import { TaskRecord } from "../../src/core/record.js";
import type { StrictHttp } from "../helpers/strict-http.js";
import { R } from "./harness.js";

type Commit = { tree: string; parents: string[]; message: string };
const CommitBody = z.object({ tree: z.string(), parents: z.array(z.string()), message: z.string() });
const ShaBody = z.object({ sha: z.string() });

export interface StoreFake {
  /** The record the ref points at now. */
  readonly record: TaskRecord | null;
  /** Every record saved, in order. */
  readonly saved: TaskRecord[];
  /** Before the app's next ref update, another writer saves `change(current)` first. */
  raceNextSave(change: (current: TaskRecord) => TaskRecord): void;
}

let counter = 0;
const nextSha = (): string => (++counter).toString(16).padStart(40, "a");

export function fakeStore(http: StrictHttp, issue: number, initial: TaskRecord | null): StoreFake {
  const ref = `conductor%2Ftasks%2F${issue}`;
  const commits = new Map<string, Commit>();
  const TREE = nextSha();
  let head: string | null = null;
  const saved: TaskRecord[] = [];
  let race: ((current: TaskRecord) => TaskRecord) | null = null;

  const write = (record: TaskRecord, parent: string | null): string => {
    const sha = nextSha();
    const message = `conductor: task #${issue}\n\nwriter fake\n\n${JSON.stringify(record)}`;
    commits.set(sha, { tree: TREE, parents: parent ? [parent] : [], message });
    return sha;
  };
  const current = (): TaskRecord | null => {
    const message = head ? commits.get(head)?.message : undefined;
    const at = message?.indexOf("\n{") ?? -1;
    return message === undefined || at < 0 ? null : TaskRecord.parse(JSON.parse(message.slice(at + 1)));
  };
  if (initial) head = write(initial, null);

  const scope = http.github().persist();
  scope
    .get(`${R}/git/ref/${ref}`)
    .optionally()
    .reply(() =>
      head
        ? [200, { ref: `refs/conductor/tasks/${issue}`, object: { sha: head, type: "commit" } }, { etag: `"${head}"` }]
        : [404, { message: "Not Found" }],
    );
  scope
    .get((uri: string) => uri.startsWith(`${R}/git/commits/`) && commits.has(uri.slice(-40)))
    .optionally()
    .reply((request: Request) => {
      const sha = new URL(request.url).pathname.slice(-40);
      const commit = commits.get(sha);
      return commit
        ? [200, { sha, message: commit.message, tree: { sha: commit.tree } }]
        : [404, { message: "Not Found" }];
    });
  scope
    .post(`${R}/git/trees`, (body: { tree?: { path?: string }[] }) => body?.tree?.[0]?.path === "README.md")
    .optionally()
    .reply(201, { sha: TREE });
  scope
    .post(`${R}/git/commits`, (body: { message?: string }) => body?.message?.startsWith("conductor: task #") === true)
    .optionally()
    .reply(async (request: Request) => {
      const sha = nextSha();
      commits.set(sha, CommitBody.parse(await request.json()));
      return [201, { sha }];
    });
  const move = (sha: string, create: boolean): [number, object] => {
    const before = current();
    if (race && before) {
      const other = race(before);
      race = null;
      head = write(other, head);
    }
    const parent = commits.get(sha)?.parents[0] ?? null;
    if (create ? head !== null : parent !== head)
      return [422, { message: create ? "Reference already exists" : "Update is not a fast forward" }];
    head = sha;
    const record = current();
    if (record) saved.push(record);
    return [create ? 201 : 200, { ref: `refs/conductor/tasks/${issue}`, object: { sha } }];
  };
  scope
    .post(`${R}/git/refs`, (body: { ref?: string }) => body?.ref === `refs/conductor/tasks/${issue}`)
    .optionally()
    .reply(async (request: Request) => move(ShaBody.parse(await request.json()).sha, true));
  scope
    .patch(`${R}/git/refs/${ref}`)
    .optionally()
    .reply(async (request: Request) => move(ShaBody.parse(await request.json()).sha, false));

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
