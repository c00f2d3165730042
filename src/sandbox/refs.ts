import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gitText } from "./git.js";
import type { Repo } from "./objects.js";

const ZERO = "0".repeat(40);

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
  const loose = await readFile(join(repo.gitDir, ref), "utf8").catch(() => undefined);
  if (loose !== undefined) {
    const value = loose.trim();
    if (/^[0-9a-f]{40}$/.test(value)) return value;
    const target = /^ref: (refs\/\S+)$/.exec(value)?.[1];
    return target && target !== ref ? readRef(repo, target) : undefined;
  }
  const packed = await readFile(join(repo.gitDir, "packed-refs"), "utf8").catch(() => "");
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
 */
export async function casRef(repo: Repo, ref: string, next: string, expected: string | undefined): Promise<boolean> {
  const { code } = await repo.git(["update-ref", ref, next, expected ?? ZERO], { okCodes: [128] });
  return code === 0;
}

/** Deletes a ref (with compare-and-swap on its current value). */
export async function deleteRef(repo: Repo, ref: string, expected: string): Promise<boolean> {
  const { code } = await repo.git(["update-ref", "-d", ref, expected], { okCodes: [128] });
  return code === 0;
}

/** Whether `ancestor` is reachable from `descendant` (a fast-forward from one to the other). */
export async function isAncestor(repo: Repo, ancestor: string, descendant: string): Promise<boolean> {
  const { code } = await repo.git(["merge-base", "--is-ancestor", ancestor, descendant], { okCodes: [1] });
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
