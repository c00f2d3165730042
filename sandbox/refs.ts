import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { gitText } from "./git.js";
import { type Repo, readCommit } from "./objects.js";

/** A small file's text, or undefined when it is missing or a directory (ref files are tiny: read synchronously). */
function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * git's ref-name rules (`git check-ref-format`), checked in process: no empty or dot-led component,
 * no `..`, `@{`, `.lock` suffix, control characters, space or any of `~^:?*[\`.
 */
export function isValidRefName(ref: string): boolean {
  if (ref === "@" || ref.endsWith("/") || ref.endsWith(".") || ref.includes("..") || ref.includes("@{")) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what git forbids here.
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref)) return false;
  return ref.split("/").every((part) => part !== "" && !part.startsWith(".") && !part.endsWith(".lock"));
}

/**
 * Reads a fully qualified ref (`refs/heads/main`) from the ref files (loose, then packed-refs),
 * which costs no process; undefined when it does not exist.
 */
export async function readRef(repo: Repo, ref: string): Promise<string | undefined> {
  if (!ref.startsWith("refs/") || !isValidRefName(ref)) return undefined;
  const loose = readIfFile(join(repo.gitDir, ref));
  if (loose !== undefined) {
    const value = loose.trim();
    if (/^[0-9a-f]{40}$/.test(value)) return value;
    const target = /^ref: (refs\/\S+)$/.exec(value)?.[1];
    return target && target !== ref ? readRef(repo, target) : undefined;
  }
  const packed = readIfFile(join(repo.gitDir, "packed-refs")) ?? "";
  for (const line of packed.split("\n")) {
    if (line.slice(41) === ref && /^[0-9a-f]{40} /.test(line)) return line.slice(0, 40);
  }
  return undefined;
}

/** Lists refs under a prefix (`refs/heads/`) as `[ref, sha]` pairs, sorted by name. */
export async function listRefs(repo: Repo, prefix = "refs/"): Promise<Array<[string, string]>> {
  const out = await gitText(repo.git, ["for-each-ref", "--format=%(objectname) %(refname)", prefix]);
  return out
    .split("\n")
    .filter(Boolean)
    .map((line): [string, string] => [line.slice(41), line.slice(0, 40)]);
}

/**
 * Moves a ref with compare-and-swap: `expected` is the value it must have now (undefined: must not
 * exist). Returns false when someone else moved it first, which is how concurrent writers lose.
 * In process, with git's own protocol (an exclusive `<ref>.lock`, check, write, rename), so it is
 * atomic against `git push` into the same repository without spawning `git update-ref`.
 */
export async function casRef(repo: Repo, ref: string, next: string, expected: string | undefined): Promise<boolean> {
  if (!isValidRefName(ref) || !/^[0-9a-f]{40}$/.test(next)) return false;
  const file = join(repo.gitDir, ref);
  const lock = `${file}.lock`;
  let fd: number;
  try {
    mkdirSync(dirname(file), { recursive: true });
    fd = openSync(lock, "wx");
  } catch {
    return false; // locked by another writer, or a ref file stands where a directory should be
  }
  let renamed = false;
  try {
    if ((await readRef(repo, ref)) !== expected) return false;
    writeSync(fd, `${next}\n`);
    closeSync(fd);
    fd = -1;
    renameSync(lock, file);
    renamed = true;
    return true;
  } finally {
    if (fd >= 0) closeSync(fd);
    if (!renamed) rmSync(lock, { force: true });
  }
}

/** Deletes a ref (with compare-and-swap on its current value). */
export async function deleteRef(repo: Repo, ref: string, expected: string): Promise<boolean> {
  const { code } = await repo.git(["update-ref", "-d", ref, expected], { okCodes: [128] });
  return code === 0;
}

/**
 * Whether `ancestor` is reachable from `descendant` (a fast-forward from one to the other). Walks
 * parents through the object reader (a new commit on top of the old tip is one step); very long
 * walks fall back to `git merge-base --is-ancestor`.
 */
export async function isAncestor(repo: Repo, ancestor: string, descendant: string): Promise<boolean> {
  const seen = new Set<string>();
  const queue = [descendant];
  while (queue.length > 0 && seen.size < 2000) {
    const sha = queue.shift() ?? "";
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    const commit = await readCommit(repo, sha);
    if (!commit) return false;
    queue.push(...commit.parents);
  }
  if (queue.length === 0) return false;
  const { code } = await repo.git(["merge-base", "--is-ancestor", ancestor, descendant], { okCodes: [1, 128] });
  return code === 0;
}

/** The best common ancestor of two commits, or undefined for unrelated histories. */
export async function mergeBase(repo: Repo, a: string, b: string): Promise<string | undefined> {
  const { code, stdout } = await repo.git(["merge-base", a, b], { okCodes: [1] });
  return code === 0 ? stdout.toString("utf8").trim() : undefined;
}

/** Commits reachable from `head` but not from `base`, oldest first. */
export async function commitsBetween(repo: Repo, base: string, head: string, limit = 250): Promise<string[]> {
  const out = await gitText(repo.git, ["rev-list", "--reverse", `--max-count=${limit}`, `${base}..${head}`]);
  return out.split("\n").filter(Boolean);
}

/** How many commits are reachable from `head` but not from `base`. */
export async function countBetween(repo: Repo, base: string, head: string): Promise<number> {
  return Number(await gitText(repo.git, ["rev-list", "--count", `${base}..${head}`]));
}
