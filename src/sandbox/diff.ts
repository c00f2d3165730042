import type { Repo } from "./objects.js";

/** One file of a diff, with the fields GitHub's `diff-entry` carries. */
export interface DiffFile {
  filename: string;
  previous_filename?: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed";
  additions: number;
  deletions: number;
  changes: number;
  /** Blob sha at the new side (old side for removals). */
  sha: string;
  patch?: string;
}

const STATUS: Record<string, DiffFile["status"]> = {
  A: "added",
  D: "removed",
  M: "modified",
  R: "renamed",
  C: "copied",
  T: "changed",
};

/** Reverses git's C-style path quoting (`"a\tb"`), used when a path has special characters. */
export function unquotePath(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, a: 7, v: 11, '"': 34, "\\": 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? "";
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = body[i + 1] ?? "";
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Splits `git diff -p` output into hunks keyed by the new path (old path for deletions). */
function splitPatches(text: string): Map<string, string> {
  const patches = new Map<string, string>();
  for (const chunk of text.split(/^diff --git /m).slice(1)) {
    const lines = chunk.split("\n");
    const plus = lines.find((l) => l.startsWith("+++ "));
    const minus = lines.find((l) => l.startsWith("--- "));
    const side = plus && plus !== "+++ /dev/null" ? plus.slice(4) : minus?.slice(4);
    if (!side) continue;
    const path = unquotePath(side).replace(/^[ab]\//, "");
    const hunk = lines.findIndex((l) => l.startsWith("@@"));
    if (hunk < 0) continue;
    patches.set(path, lines.slice(hunk).join("\n").replace(/\n+$/, ""));
  }
  return patches;
}

/**
 * The files changed from `base` to `head` with counts and patches, as GitHub lists them for a pull
 * request (where `base` is the merge base) or a comparison. Rename detection is on, like GitHub's.
 */
export async function diffFiles(repo: Repo, base: string, head: string): Promise<DiffFile[]> {
  const common = ["diff", "-M", "--no-color", "--no-ext-diff"];
  const [raw, numstat, patch] = await Promise.all([
    repo.git([...common, "--raw", "-z", "--no-abbrev", base, head]),
    repo.git([...common, "--numstat", "-z", base, head]),
    repo.git([...common, "-p", "--src-prefix=a/", "--dst-prefix=b/", base, head]),
  ]);
  const counts = parseNumstat(numstat.stdout.toString("utf8"));
  const patches = splitPatches(patch.stdout.toString("utf8"));
  const files: DiffFile[] = [];
  const fields = raw.stdout.toString("utf8").split("\0");
  for (let i = 0; i < fields.length; i++) {
    const meta = /^:(\d+) (\d+) ([0-9a-f]{40}) ([0-9a-f]{40}) ([A-Z])(\d*)$/.exec(fields[i] ?? "");
    if (!meta) continue;
    const letter = meta[5] ?? "M";
    const renamed = letter === "R" || letter === "C";
    const previous = renamed ? fields[++i] : undefined;
    const filename = fields[++i] ?? "";
    const status = STATUS[letter] ?? "modified";
    const [additions, deletions] = counts.get(filename) ?? [0, 0];
    const file: DiffFile = {
      filename,
      status,
      additions,
      deletions,
      changes: additions + deletions,
      sha: status === "removed" ? (meta[3] ?? "") : (meta[4] ?? ""),
    };
    if (previous !== undefined) file.previous_filename = previous;
    const hunk = patches.get(filename);
    if (hunk !== undefined) file.patch = hunk;
    files.push(file);
  }
  return files;
}

function parseNumstat(text: string): Map<string, [number, number]> {
  const counts = new Map<string, [number, number]>();
  const fields = text.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const match = /^(-|\d+)\t(-|\d+)\t([\s\S]*)$/.exec(fields[i] ?? "");
    if (!match) continue;
    // A rename leaves the path empty here and puts old and new paths in the next two fields.
    let path = match[3] ?? "";
    if (path === "") {
      i += 2;
      path = fields[i] ?? "";
    }
    const n = (s: string | undefined) => (s === "-" || s === undefined ? 0 : Number(s));
    counts.set(path, [n(match[1]), n(match[2])]);
  }
  return counts;
}
