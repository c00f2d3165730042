import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type GitIdentity, type GitRunner, gitText, identityEnv } from "./git.js";

/** The bare repository the sandbox serves, plus caches for objects that never change. */
export interface Repo {
  git: GitRunner;
  gitDir: string;
  /** Scratch space for temporary index files and worktrees. */
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

/** A change to apply to a tree: `sha: null` deletes the path (file or whole directory). */
export interface TreeEdit {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string | null;
}

const SHA = /^[0-9a-f]{40}$/;

/** Whether a string is a full object id. */
export function isSha(value: string): boolean {
  return SHA.test(value);
}

/** Resolves a revision (branch, tag, sha, `refs/...`) to a commit sha, or undefined. */
export async function resolveCommit(repo: Repo, rev: string): Promise<string | undefined> {
  if (rev.startsWith("-")) return undefined;
  const { code, stdout } = await repo.git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], {
    okCodes: [1, 128],
  });
  return code === 0 ? stdout.toString("utf8").trim() : undefined;
}

/** The type of an object, or undefined when it does not exist. */
export async function objectType(repo: Repo, sha: string): Promise<string | undefined> {
  if (!isSha(sha)) return undefined;
  const { code, stdout } = await repo.git(["cat-file", "-t", sha], { okCodes: [1, 128] });
  return code === 0 ? stdout.toString("utf8").trim() : undefined;
}

/** Writes a blob and returns its sha. */
export function writeBlob(repo: Repo, content: Buffer): Promise<string> {
  return gitText(repo.git, ["hash-object", "-w", "--stdin"], { input: content });
}

/** Reads a blob, or undefined when `sha` is not a blob. */
export async function readBlob(repo: Repo, sha: string): Promise<Buffer | undefined> {
  if ((await objectType(repo, sha)) !== "blob") return undefined;
  return (await repo.git(["cat-file", "blob", sha])).stdout;
}

function parseLsTree(stdout: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of stdout.toString("utf8").split("\0")) {
    const match = /^(\d+) (blob|tree|commit) ([0-9a-f]{40}) +(-|\d+)\t([\s\S]*)$/.exec(record);
    if (!match) continue;
    const [, mode = "", type, sha = "", size = "-", path = ""] = match;
    const entry: TreeEntry = { mode, type: type as TreeEntry["type"], sha, path };
    if (size !== "-") entry.size = Number(size);
    entries.push(entry);
  }
  return entries;
}

/** Lists a tree (`-r` lists subtrees too, as GitHub's `recursive=1` does). */
export async function readTree(repo: Repo, treeish: string, recursive = false): Promise<TreeEntry[]> {
  const args = ["ls-tree", "-l", "-z", ...(recursive ? ["-r", "-t"] : []), treeish];
  return parseLsTree((await repo.git(args)).stdout);
}

/** Finds one path in a commit's tree. */
export async function entryAt(repo: Repo, commit: string, path: string): Promise<TreeEntry | undefined> {
  const clean = path.replace(/^\/+|\/+$/g, "");
  if (clean === "") return undefined;
  const { stdout } = await repo.git(["ls-tree", "-l", "-z", commit, "--", clean]);
  return parseLsTree(stdout).find((entry) => entry.path === clean);
}

/**
 * Applies edits to a tree (or to the empty tree) through a throw-away index file, which handles
 * nested paths, deletions and whole subtrees the way GitHub's "create a tree" does.
 */
export async function editTree(repo: Repo, baseTree: string | undefined, edits: readonly TreeEdit[]): Promise<string> {
  const index = join(repo.tmpDir, `index-${randomBytes(6).toString("hex")}`);
  const env = { GIT_INDEX_FILE: index };
  try {
    await repo.git(baseTree ? ["read-tree", baseTree] : ["read-tree", "--empty"], { env });
    for (const edit of edits) {
      const path = edit.path.replace(/^\/+|\/+$/g, "");
      // Drop whatever is at the path first (a file, or every file under a directory) so a blob can
      // replace a directory and vice versa.
      const existing = await repo.git(["ls-files", "-z", "--", path], { env });
      const paths = existing.stdout.toString("utf8").split("\0").filter(Boolean);
      if (paths.length > 0) {
        const removal = paths.map((p) => `0 ${"0".repeat(40)}\t${p}\0`).join("");
        await repo.git(["update-index", "-z", "--index-info"], { env, input: removal });
      }
      if (edit.sha === null) continue;
      if (edit.type === "tree") await repo.git(["read-tree", `--prefix=${path}/`, edit.sha], { env });
      else
        await repo.git(["update-index", "-z", "--index-info"], { env, input: `${edit.mode} ${edit.sha}\t${path}\0` });
    }
    return await gitText(repo.git, ["write-tree"], { env });
  } finally {
    await rm(index, { force: true });
  }
}

/** Writes a commit object and returns its sha (refs are not touched). */
export async function commitTree(
  repo: Repo,
  commit: { tree: string; parents: readonly string[]; message: string; author: GitIdentity; committer?: GitIdentity },
): Promise<string> {
  const args = ["commit-tree", commit.tree, ...commit.parents.flatMap((p) => ["-p", p]), "-F", "-"];
  return gitText(repo.git, args, { input: commit.message, env: identityEnv(commit.author, commit.committer) });
}

function parsePerson(line: string): GitPerson {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!match) return { name: line, email: "", date: new Date(0).toISOString() };
  return {
    name: match[1] ?? "",
    email: match[2] ?? "",
    date: new Date(Number(match[3]) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/** Reads and parses a commit (cached: commits are immutable). */
export async function readCommit(repo: Repo, sha: string): Promise<CommitInfo | undefined> {
  const cached = repo.commits.get(sha);
  if (cached) return cached;
  if ((await objectType(repo, sha)) !== "commit") return undefined;
  const text = (await repo.git(["cat-file", "commit", sha])).stdout.toString("utf8");
  const split = text.indexOf("\n\n");
  const headers = (split < 0 ? text : text.slice(0, split)).split("\n");
  const info: CommitInfo = {
    sha,
    tree: "",
    parents: [],
    author: parsePerson(""),
    committer: parsePerson(""),
    message: split < 0 ? "" : text.slice(split + 2),
  };
  for (const line of headers) {
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
