import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import type { GitIdentity } from "./git.js";

/** One entry of a tree object, with the mode as GitHub shows it (`040000` for trees). */
export interface TreeItem {
  mode: string;
  name: string;
  sha: string;
}

/**
 * Writes a loose object the way git does (zlib of `<type> <size>\0<body>`, named by its SHA-1), in
 * process: a spawn of `git hash-object` costs more than the write itself.
 */
export async function writeObject(gitDir: string, type: "blob" | "tree" | "commit", body: Buffer): Promise<string> {
  const full = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const sha = createHash("sha1").update(full).digest("hex");
  const dir = join(gitDir, "objects", sha.slice(0, 2));
  const file = join(dir, sha.slice(2));
  // Synchronous on purpose: four tiny file operations cost less than four trips to libuv's pool.
  if (existsSync(file)) return sha;
  mkdirSync(dir, { recursive: true });
  // Write then rename, so a concurrent reader never sees a half-written object.
  const tmp = join(dir, `tmp_obj_${randomBytes(6).toString("hex")}`);
  writeFileSync(tmp, deflateSync(full), { mode: 0o444 });
  renameSync(tmp, file);
  return sha;
}

const isTreeMode = (mode: string) => mode === "40000" || mode === "040000";

/** Git's tree order: byte order of names, where a subtree sorts as if its name ended in `/`. */
function sortKey(item: TreeItem): Buffer {
  return Buffer.from(isTreeMode(item.mode) ? `${item.name}/` : item.name, "utf8");
}

/** Encodes a tree object body. */
export function encodeTree(items: readonly TreeItem[]): Buffer {
  const sorted = [...items].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
  return Buffer.concat(
    sorted.flatMap((item) => [
      Buffer.from(`${isTreeMode(item.mode) ? "40000" : item.mode} ${item.name}\0`, "utf8"),
      Buffer.from(item.sha, "hex"),
    ]),
  );
}

/** Decodes a tree object body. */
export function decodeTree(body: Buffer): TreeItem[] {
  const items: TreeItem[] = [];
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(32, at);
    const nul = body.indexOf(0, space);
    if (space < 0 || nul < 0) break;
    const mode = body.subarray(at, space).toString("ascii");
    items.push({
      mode: isTreeMode(mode) ? "040000" : mode,
      name: body.subarray(space + 1, nul).toString("utf8"),
      sha: body.subarray(nul + 1, nul + 21).toString("hex"),
    });
    at = nul + 21;
  }
  return items;
}

/** The entry type a mode stands for. */
export function typeOfMode(mode: string): "blob" | "tree" | "commit" {
  return isTreeMode(mode) ? "tree" : mode === "160000" ? "commit" : "blob";
}

const clean = (s: string) => s.replace(/[<>\n]/g, "");

/** Encodes a commit object body; the message always ends with a newline, as git writes it. */
export function encodeCommit(commit: {
  tree: string;
  parents: readonly string[];
  author: GitIdentity;
  committer: GitIdentity;
  message: string;
}): Buffer {
  const person = (p: GitIdentity) => `${clean(p.name)} <${clean(p.email)}> ${p.date} +0000`;
  const lines = [
    `tree ${commit.tree}`,
    ...commit.parents.map((p) => `parent ${p}`),
    `author ${person(commit.author)}`,
    `committer ${person(commit.committer)}`,
  ];
  const message = commit.message.endsWith("\n") ? commit.message : `${commit.message}\n`;
  return Buffer.from(`${lines.join("\n")}\n\n${message}`, "utf8");
}
