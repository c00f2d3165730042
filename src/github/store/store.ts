/**
 * The task store: each task's record (JSON) kept in the repository itself, written with compare-and-swap
 * (DESIGN §7, docs/architecture.md#state-lives-in-the-repository), so that the app keeps nothing a restart
 * may lose and two replicas never lose an update.
 *
 * Layout: DESIGN §7's named fallback, the orphan branch `conductor/state` (src/github/store/state-branch.ts),
 * one file per task, `tasks/<issue>.json` (compact JSON). A save is ONE request: the contents API's
 * `PUT /contents/tasks/<issue>.json` with `branch: conductor/state` and `sha` = the blob SHA we loaded,
 * which is the record's version. GitHub refuses it when the file moved on: 409 when its SHA no longer
 * matches, 422 when `sha` is missing for a file that exists (someone created it first); both are the
 * compare-and-swap conflict, answered `{ ok: false, conflict: true }`, and the caller reloads and
 * re-applies (src/github/store/save-record.ts, with-cas.ts, bounded). GitHub documents that concurrent writes to
 * one branch can 409 even for different files ("is at <sha> but expected <sha>"): that is a conflict too;
 * the reload is a free 304 and the retry goes through.
 *
 * Why not the ref chain `refs/conductor/tasks/<issue>` that came first (record in a commit message on a
 * fixed tree, moved by a non-forced ref update): a save was two writes (`POST /git/commits` + `PATCH
 * /git/refs`), and writes are what GitHub's secondary limits ration (at most 6 mutating requests per
 * module, docs/architecture.md#what-a-task-costs-on-github); the record store was 127 of the 214 writes
 * of the 3 × 3 benchmark. GraphQL
 * `createCommitOnBranch` would also be one write, but needs a second API and the commit OID rather than
 * the file's SHA. What the branch costs: it is a branch (it shows in branch lists; rulesets that target
 * all branches must leave it out), and GitHub makes check suites for its pushes; no workflow runs on it
 * (its tree has none) and `conductor/state` names no task, so those deliveries are dropped before any
 * request (src/github/reads/task-branch.ts).
 *
 * The branch is made on the first save that finds it missing (`PUT` answers 404): tree, root commit,
 * ref, then the `PUT` again; once per repository.
 *
 * Records of the previous layout (`refs/conductor/tasks/<issue>`) are NOT read: that layout never
 * shipped, and reading it would cost a request on every task's first load. A task whose record is only
 * there starts again from its label; delete such refs with `git push origin --delete
 * refs/conductor/tasks/<n>`.
 *
 * Loading is one conditional request in the common case: `GET /contents/tasks/<issue>.json?ref=conductor/
 * state` sends `If-None-Match` (a 304 does not count against the rate limit), and the text of a blob SHA
 * never changes, so the last one read or written is cached with its ETag (pass one `cache` to every store of
 * the process to share it across reconciles). Inspect a record with
 * `git fetch origin conductor/state && git show FETCH_HEAD:tasks/7.json | jq .`.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type GitHubClient, httpFailure, type RepoRef } from "../octokit/client.js";
import { describeRecordProblems, UnreadableRecordError } from "../unreadable/unreadable-record-error.js";
import { createStateBranch, STATE_BRANCH, TASKS_DIR, taskPath } from "./state-branch.js";

export { STATE_BRANCH, taskPath } from "./state-branch.js";

/** A loaded record and its version: the blob SHA of the record file it was read from. */
export type Loaded<T> = { record: T; version: string };

export type SaveResult = { ok: true; version: string } | { ok: false; conflict: true; reason: string };

export interface TaskStore<T> {
  /**
   * The task's current record, or `null` when it has none yet. A record file that is not JSON or that `parse`
   * refuses throws `UnreadableRecordError`, naming the file, its blob SHA and every problem.
   */
  load(issue: number): Promise<Loaded<T> | null>;
  /**
   * Writes `record` if the task is still at `expectedVersion` (`null`: has no record yet). A conflict is
   * an answer, not an error; anything else GitHub refuses is thrown.
   */
  save(issue: number, record: T, expectedVersion: string | null): Promise<SaveResult>;
  /** The issue numbers that have a task record, in ascending order (the first 1,000: a folder listing's limit). */
  list(): Promise<number[]>;
}

/**
 * What a process may share between stores: each record file's last known blob SHA, text and ETag. Only the
 * latest version of a file is kept, so the cache grows with the number of tasks, not of saves.
 */
export type TaskStoreCache = { files: Map<string, { sha: string; text: string; etag?: string }> };

export const createTaskStoreCache = (): TaskStoreCache => ({ files: new Map() });

export interface TaskStoreOptions<T> {
  /** Parses the stored JSON, e.g. `TaskRecord.parse`; a record that fails it is unreadable. Default: as is. */
  parse?: (json: unknown) => T;
  cache?: TaskStoreCache;
  /** Writer id in commit messages, so a branch's log says which replica wrote (default: random); tests pin it. */
  writerId?: string;
}

// GitHub sends files over 1 MB with `encoding: "none"` and no content; a record is ~26 KB, and one that
// grew past 1 MB fails here, loudly, rather than being read as empty.
const FileData = z.object({
  type: z.literal("file"),
  sha: z.string(),
  encoding: z.literal("base64"),
  content: z.string(),
});
const PutData = z.object({ content: z.object({ sha: z.string() }) });
const DirData = z.array(z.object({ name: z.string(), type: z.string() }));
const RECORD_FILE = /^([1-9][0-9]{0,9})\.json$/;

/**
 * A `PUT` refused because the branch does not exist: GitHub answers 404; a 422 that names the branch and
 * not the `sha` is taken the same way, so that a server wording it so does not loop as a "conflict".
 */
const branchMissing = (failure: { status: number; message: string }): boolean =>
  failure.status === 404 ||
  (failure.status === 422 && /branch/i.test(failure.message) && !/sha/i.test(failure.message));

/** Creates the store for one repository. */
export function createTaskStore<T = unknown>(
  octokit: GitHubClient,
  repo: RepoRef,
  options: TaskStoreOptions<T> = {},
): TaskStore<T> {
  const parse = options.parse ?? ((json: unknown) => json as T);
  const cache = options.cache ?? createTaskStoreCache();
  const writer = options.writerId ?? randomUUID();
  const { owner, repo: name } = repo;
  const cacheKey = (issue: number) => `${owner}/${name}#${issue}`;

  /** The record file's blob SHA and text, or `null` when the task (or the branch) has none. */
  async function readFile(issue: number): Promise<{ sha: string; text: string } | null> {
    const known = cache.files.get(cacheKey(issue));
    try {
      const res = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner,
        repo: name,
        path: taskPath(issue),
        ref: STATE_BRANCH,
        headers: known?.etag ? { "if-none-match": known.etag } : {},
      });
      const file = FileData.parse(res.data);
      const text = Buffer.from(file.content, "base64").toString("utf8");
      const etag = z.string().optional().parse(res.headers.etag);
      cache.files.set(cacheKey(issue), etag ? { sha: file.sha, text, etag } : { sha: file.sha, text });
      return { sha: file.sha, text };
    } catch (error) {
      const failure = httpFailure(error);
      if (failure?.status === 304 && known) return known;
      if (failure?.status === 404) {
        cache.files.delete(cacheKey(issue));
        return null;
      }
      throw error;
    }
  }

  function put(issue: number, text: string, expectedVersion: string | null) {
    return octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
      owner,
      repo: name,
      path: taskPath(issue),
      branch: STATE_BRANCH,
      message: `conductor: task #${issue} (writer ${writer})`,
      content: Buffer.from(text, "utf8").toString("base64"),
      ...(expectedVersion === null ? {} : { sha: expectedVersion }),
    });
  }

  return {
    async load(issue) {
      const file = await readFile(issue);
      if (file === null) return null;
      try {
        return { record: parse(JSON.parse(file.text)), version: file.sha };
      } catch (error) {
        const problems = describeRecordProblems(file.text, error);
        throw new UnreadableRecordError(issue, STATE_BRANCH, taskPath(issue), file.sha, problems);
      }
    },

    async save(issue, record, expectedVersion) {
      const text = JSON.stringify(record);
      let res: Awaited<ReturnType<typeof put>> | undefined;
      for (let branchMade = false; res === undefined; branchMade = true) {
        try {
          res = await put(issue, text, expectedVersion);
        } catch (error) {
          const failure = httpFailure(error);
          if (!failure) throw error;
          if (branchMissing(failure)) {
            // No branch, so the record we loaded is gone: a conflict, unless we were creating the first one.
            if (expectedVersion !== null) return { ok: false, conflict: true, reason: failure.message || "no branch" };
            if (branchMade) throw error;
            await createStateBranch(octokit, repo);
            continue;
          }
          if (failure.status !== 409 && failure.status !== 422) throw error;
          return { ok: false, conflict: true, reason: failure.message || `HTTP ${failure.status}` };
        }
      }
      const sha = PutData.parse(res.data).content.sha;
      cache.files.set(cacheKey(issue), { sha, text }); // no ETag yet: the next load reads the file once, unconditionally
      return { ok: true, version: sha };
    },

    async list() {
      try {
        const res = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          owner,
          repo: name,
          path: TASKS_DIR,
          ref: STATE_BRANCH,
        });
        return DirData.parse(res.data)
          .filter((entry) => entry.type === "file")
          .map((entry) => Number(RECORD_FILE.exec(entry.name)?.[1]))
          .filter((n) => Number.isSafeInteger(n) && n > 0)
          .sort((a, b) => a - b);
      } catch (error) {
        if (httpFailure(error)?.status === 404) return [];
        throw error;
      }
    },
  };
}
