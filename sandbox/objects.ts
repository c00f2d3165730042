import type { CatFile } from "./cat-file.js";
import type { GitIdentity, GitRunner } from "./git.js";
import { decodeTree, encodeCommit, type TreeItem, typeOfMode, writeObject } from "./odb.js";

/** The bare repository the sandbox serves, plus caches for objects that never change. */
export interface Repo {
  git: GitRunner;
  cat: CatFile;
  gitDir: string;
  /** Scratch space for worktrees. */
  tmpDir: string;
  commits: Map<string, CommitInfo>;
}

/** A person line of a commit, with an ISO date as GitHub shows it. */
export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

/** A parsed commit object. */
export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
}

/** One entry of a tree listing; `path` is relative to the listed tree. */
export interface TreeEntry {
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  path: string;
  size?: number;
}

/** Whether a string is a full object id. */
export function isSha(value: string): boolean {
  return /^[0-9a-f]{40}$/.test(value);
}

/** The type of an object, or undefined when it does not exist. */
export async function objectType(repo: Repo, sha: string): Promise<string | undefined> {
  return isSha(sha) ? (await repo.cat.read(sha))?.type : undefined;
}

/** Writes a blob and returns its sha. */
export function writeBlob(repo: Repo, content: Buffer): Promise<string> {
  return writeObject(repo.gitDir, "blob", content);
}

/** Reads a blob, or undefined when `sha` is not a blob. */
export async function readBlob(repo: Repo, sha: string): Promise<Buffer | undefined> {
  const object = isSha(sha) ? await repo.cat.read(sha) : undefined;
  return object?.type === "blob" ? object.content : undefined;
}

/** The items of a tree object, or undefined when `treeSha` is not a tree. */
export async function treeItems(repo: Repo, treeSha: string): Promise<TreeItem[] | undefined> {
  const object = await repo.cat.read(treeSha);
  return object?.type === "tree" ? decodeTree(object.content) : undefined;
}

async function toEntry(repo: Repo, item: TreeItem, path: string): Promise<TreeEntry> {
  const type = typeOfMode(item.mode);
  const entry: TreeEntry = { mode: item.mode, type, sha: item.sha, path };
  if (type === "blob") entry.size = (await repo.cat.read(item.sha))?.content.length ?? 0;
  return entry;
}

/** Lists a tree by sha (`recursive` lists subtrees too, as GitHub's `recursive=1` does). */
export async function readTree(repo: Repo, treeSha: string, recursive = false, prefix = ""): Promise<TreeEntry[]> {
  const items = (await treeItems(repo, treeSha)) ?? [];
  // Issued together, the reads pipeline through the one cat-file process instead of taking turns.
  const listed = await Promise.all(
    items.map(async (item) => {
      const path = `${prefix}${item.name}`;
      const entry = await toEntry(repo, item, path);
      const below = recursive && entry.type === "tree" ? await readTree(repo, item.sha, true, `${path}/`) : [];
      return [entry, ...below];
    }),
  );
  return listed.flat();
}

/** Finds one path in a commit's tree. */
export async function entryAt(repo: Repo, commit: string, path: string): Promise<TreeEntry | undefined> {
  const parts = path.split("/").filter(Boolean);
  let tree = (await readCommit(repo, commit))?.tree;
  for (const [i, name] of parts.entries()) {
    const item = tree ? (await treeItems(repo, tree))?.find((t) => t.name === name) : undefined;
    if (!item) return undefined;
    if (i === parts.length - 1) return toEntry(repo, item, parts.join("/"));
    tree = typeOfMode(item.mode) === "tree" ? item.sha : undefined;
  }
  return undefined;
}

/** Writes a commit object and returns its sha (refs are not touched). */
export async function commitTree(
  repo: Repo,
  commit: { tree: string; parents: readonly string[]; message: string; author: GitIdentity; committer?: GitIdentity },
): Promise<string> {
  const body = encodeCommit({ ...commit, committer: commit.committer ?? commit.author });
  return writeObject(repo.gitDir, "commit", body);
}

function parsePerson(line: string): GitPerson {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  const seconds = match ? Number(match[3]) : 0;
  return {
    name: match?.[1] ?? line,
    email: match?.[2] ?? "",
    date: new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/** Reads and parses a commit (cached: commits are immutable). */
export async function readCommit(repo: Repo, sha: string): Promise<CommitInfo | undefined> {
  const cached = repo.commits.get(sha);
  if (cached) return cached;
  const object = isSha(sha) ? await repo.cat.read(sha) : undefined;
  if (object?.type !== "commit") return undefined;
  const text = object.content.toString("utf8");
  const split = text.indexOf("\n\n");
  const info: CommitInfo = {
    sha,
    tree: "",
    parents: [],
    author: parsePerson(""),
    committer: parsePerson(""),
    message: split < 0 ? "" : text.slice(split + 2),
  };
  for (const line of (split < 0 ? text : text.slice(0, split)).split("\n")) {
    const space = line.indexOf(" ");
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === "tree") info.tree = value;
    else if (key === "parent") info.parents.push(value);
    else if (key === "author") info.author = parsePerson(value);
    else if (key === "committer") info.committer = parsePerson(value);
  }
  repo.commits.set(sha, info);
  return info;
}
