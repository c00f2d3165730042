/**
 * The task store: each task's record (JSON) kept in the repository itself, written with compare-and-swap
 * (DESIGN §7, issue #3), so that the app keeps nothing a restart may lose and two replicas never lose an
 * update.
 *
 * Layout: the ref `refs/conductor/tasks/<issue>` points at a commit chain; each commit's **message**
 * carries the record (compact JSON after a two-line header), and every commit shares one fixed tree (a
 * README saying where the record is). A save is two requests:
 *   1. `POST /git/commits` with the record in the message, the fixed tree, and as only parent the head we
 *      loaded (`expectedVersion`),
 *   2. `PATCH /git/refs/conductor/tasks/<issue>` with `force: false`.
 * Why the message and not a `task.json` in the tree: `POST /git/commits` needs a tree SHA, so a record
 * in the tree costs a `POST /git/trees` on every save (three writes instead of two), and writes are what
 * GitHub's secondary limits ration (issue #6: at most 6 mutating requests per module). The fixed tree is
 * created once per repository (`POST /git/trees`, deterministic content, so every replica makes the same
 * SHA) and learned back from any loaded commit; we do not lean on git's well-known empty tree, which a
 * repository's object store may not hold.
 *
 * Step 2 is the compare-and-swap: GitHub accepts a non-forced update only when it is a fast-forward, and
 * our commit's parent is the head we read, so if anyone moved the ref since, our commit is no longer a
 * descendant of the head and GitHub answers 422 ("Update is not a fast forward"). The first save creates
 * the ref (`POST /git/refs`), where a concurrent creator gives 422 "Reference already exists". Every
 * commit message carries a random writer id, so two writers saving identical records from the same head
 * still make different commits and exactly one wins.
 *
 * Why not GraphQL `updateRefs` (`beforeOid`), which DESIGN §7 suggests: the REST fast-forward rule gives
 * the same guarantee for a chain we only ever extend, needs no second API, and works on every GitHub
 * Enterprise Server version and in the sandbox. Why a custom ref and not a branch: nothing triggers on it
 * — workflows run on pushes to branches and tags only, and the tree has no `.github/workflows` anyway —
 * and it does not show up in branch lists or pull-request pickers. Inspect it with
 * `git fetch origin refs/conductor/tasks/7 && git log -1 --format=%b FETCH_HEAD`.
 *
 * Loading is one conditional request in the common case: the ref read sends `If-None-Match` (a 304 does
 * not count against the rate limit), and the record of a commit SHA never changes, so it is cached by SHA
 * (pass one `cache` to every store of the process to share it across reconciles). A record written by an
 * older version (in `task.json` of the commit's tree) is still read.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type GitHubClient, httpFailure, type RepoRef } from "./client.js";

export const TASK_REF_PREFIX = "refs/conductor/tasks/";
export const TASK_FILE = "task.json";

/** The ref of a task, e.g. `refs/conductor/tasks/7`. */
export const taskRef = (issue: number): string => `${TASK_REF_PREFIX}${issue}`;

/** A loaded record and its version: the SHA of the commit it was read from. */
export type Loaded<T> = { record: T; version: string };

export type SaveResult = { ok: true; version: string } | { ok: false; conflict: true; reason: string };

export interface TaskStore<T> {
  /** The task's current record, or `null` when it has none yet. */
  load(issue: number): Promise<Loaded<T> | null>;
  /**
   * Writes `record` if the task is still at `expectedVersion` (`null`: has no record yet). A conflict is
   * an answer, not an error; anything else GitHub refuses is thrown.
   */
  save(issue: number, record: T, expectedVersion: string | null): Promise<SaveResult>;
  /** The issue numbers that have a task record, in ascending order. */
  list(): Promise<number[]>;
}

/**
 * What a process may share between stores: immutable records by commit SHA, each ref's last ETag, and
 * each repository's fixed record tree.
 */
export type TaskStoreCache = {
  records: Map<string, string>;
  refs: Map<string, { sha: string; etag?: string }>;
  trees: Map<string, string>;
};

export const createTaskStoreCache = (): TaskStoreCache => ({ records: new Map(), refs: new Map(), trees: new Map() });

export interface TaskStoreOptions<T> {
  /** Parses the stored JSON, e.g. `TaskRecord.parse`; a record that fails it is an error. Default: as is. */
  parse?: (json: unknown) => T;
  cache?: TaskStoreCache;
  /** Writer id in commit messages (default: random); tests pin it. */
  writerId?: string;
}

const RefData = z.object({ ref: z.string(), object: z.object({ sha: z.string() }) });
const ShaData = z.object({ sha: z.string() });
const CommitData = z.object({ message: z.string(), tree: z.object({ sha: z.string() }) });

/** The one file of every record commit's tree: a pointer for whoever checks the ref out. */
const TREE_README =
  "This ref holds a Conductor task record: the JSON is in each commit's message (`git log -1 --format=%b`).\n";

/**
 * The record (JSON text) in a record commit's message: everything from the first line that opens a JSON
 * object; `null` for a commit of the older layout (`task.json` in its tree). For readers outside the app,
 * e.g. `recordInMessage(await git(["log", "-1", "--format=%B", taskRef(7)]))`.
 */
export function recordInMessage(message: string): string | null {
  const at = message.indexOf("\n{");
  return at < 0 ? null : message.slice(at + 1);
}

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
  const repoKey = `${owner}/${name}`;
  const cacheKey = (issue: number) => `${repoKey}#${issue}`;

  async function readHead(issue: number): Promise<string | null> {
    const known = cache.refs.get(cacheKey(issue));
    try {
      const res = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
        owner,
        repo: name,
        ref: taskRef(issue).slice("refs/".length),
        headers: known?.etag ? { "if-none-match": known.etag } : {},
      });
      const { sha } = RefData.parse(res.data).object;
      const etag = z.string().optional().parse(res.headers.etag);
      cache.refs.set(cacheKey(issue), etag ? { sha, etag } : { sha });
      return sha;
    } catch (error) {
      const failure = httpFailure(error);
      if (failure?.status === 304 && known) return known.sha;
      if (failure?.status === 404) {
        cache.refs.delete(cacheKey(issue));
        return null;
      }
      throw error;
    }
  }

  async function readRecord(sha: string): Promise<string> {
    const hit = cache.records.get(sha);
    if (hit !== undefined) return hit;
    const res = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", {
      owner,
      repo: name,
      commit_sha: sha,
    });
    const commit = CommitData.parse(res.data);
    const inMessage = recordInMessage(commit.message);
    // A legacy commit's tree holds an old task.json: not one to reuse.
    if (inMessage !== null && !cache.trees.has(repoKey)) cache.trees.set(repoKey, commit.tree.sha);
    const text = inMessage ?? (await readLegacyRecord(sha));
    cache.records.set(sha, text);
    return text;
  }

  /** A record written before records moved into commit messages: `task.json` in the commit's tree. */
  async function readLegacyRecord(sha: string): Promise<string> {
    const res = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner,
      repo: name,
      path: TASK_FILE,
      ref: sha,
      mediaType: { format: "raw" },
    });
    // GitHub sends the raw file as text/plain (a string to Octokit); other content types reach us as bytes.
    const data = z.union([z.string(), z.instanceof(ArrayBuffer)]).parse(res.data);
    return typeof data === "string" ? data : new TextDecoder().decode(data);
  }

  /** The fixed tree every record commit points at: known from a loaded commit, else created (once). */
  async function recordTree(): Promise<string> {
    const known = cache.trees.get(repoKey);
    if (known !== undefined) return known;
    const res = await octokit.request("POST /repos/{owner}/{repo}/git/trees", {
      owner,
      repo: name,
      tree: [{ path: "README.md", mode: "100644", type: "blob", content: TREE_README }],
    });
    const sha = ShaData.parse(res.data).sha;
    cache.trees.set(repoKey, sha);
    return sha;
  }

  return {
    async load(issue) {
      const sha = await readHead(issue);
      if (sha === null) return null;
      return { record: parse(JSON.parse(await readRecord(sha))), version: sha };
    },

    async save(issue, record, expectedVersion) {
      const text = JSON.stringify(record);
      const commit = await octokit
        .request("POST /repos/{owner}/{repo}/git/commits", {
          owner,
          repo: name,
          message: `conductor: task #${issue}\n\nwriter ${writer}\n\n${text}`,
          tree: await recordTree(),
          parents: expectedVersion === null ? [] : [expectedVersion],
        })
        .catch((error: unknown) => {
          // A tree we only remember (never referenced, so GitHub may have collected it) is made again next time.
          if (httpFailure(error)?.status === 422) cache.trees.delete(repoKey);
          throw error;
        });
      const sha = ShaData.parse(commit.data).sha;
      try {
        if (expectedVersion === null) {
          await octokit.request("POST /repos/{owner}/{repo}/git/refs", { owner, repo: name, ref: taskRef(issue), sha });
        } else {
          await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
            owner,
            repo: name,
            ref: taskRef(issue).slice("refs/".length),
            sha,
            force: false,
          });
        }
      } catch (error) {
        const failure = httpFailure(error);
        if (failure?.status !== 422) throw error;
        return { ok: false, conflict: true, reason: failure.message || "ref moved" };
      }
      cache.records.set(sha, text);
      cache.refs.set(cacheKey(issue), { sha }); // no ETag yet: the next load reads the ref once, unconditionally
      return { ok: true, version: sha };
    },

    async list() {
      const res = await octokit.request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", {
        owner,
        repo: name,
        ref: TASK_REF_PREFIX.slice("refs/".length),
      });
      return z
        .array(RefData)
        .parse(res.data)
        .map((r) => Number(r.ref.slice(TASK_REF_PREFIX.length)))
        .filter((n) => Number.isSafeInteger(n) && n > 0)
        .sort((a, b) => a - b);
    },
  };
}
