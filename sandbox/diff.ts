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

/** One `diff --git` section, parsed. */
function parseSection(section: string): (DiffFile & { missingSha?: boolean }) | undefined {
  const lines = section.split("\n");
  const hunkAt = lines.findIndex((l) => l.startsWith("@@"));
  const header = hunkAt < 0 ? lines : lines.slice(0, hunkAt);
  const value = (prefix: string) => {
    const line = header.find((l) => l.startsWith(prefix));
    return line === undefined ? undefined : unquotePath(line.slice(prefix.length));
  };
  const strip = (path: string | undefined) =>
    path === undefined || path === "/dev/null" ? undefined : path.replace(/^[ab]\//, "");
  // `diff --git a/x b/x`: only unambiguous when both halves are the same path (no rename).
  const first = header[0] ?? "";
  const half = first.length % 2 === 1 ? first.slice((first.length + 1) / 2) : "";
  const fromHeader =
    first.startsWith("a/") && half.startsWith("b/") && first.slice(2, (first.length - 1) / 2) === half.slice(2)
      ? half.slice(2)
      : undefined;
  const renamedTo = value("rename to ") ?? value("copy to ");
  const filename = renamedTo ?? strip(value("+++ ")) ?? strip(value("--- ")) ?? fromHeader;
  if (filename === undefined) return undefined;
  const index = /^index ([0-9a-f]{40})\.\.([0-9a-f]{40})/.exec(header.find((l) => l.startsWith("index ")) ?? "");
  const removed = header.some((l) => l.startsWith("deleted file mode"));
  const status: DiffFile["status"] = header.some((l) => l.startsWith("new file mode"))
    ? "added"
    : removed
      ? "removed"
      : value("rename to ") !== undefined
        ? "renamed"
        : value("copy to ") !== undefined
          ? "copied"
          : "modified";
  let additions = 0;
  let deletions = 0;
  const hunk = hunkAt < 0 ? [] : lines.slice(hunkAt);
  for (const line of hunk) {
    if (line.startsWith("+")) additions++;
    else if (line.startsWith("-")) deletions++;
  }
  const file: DiffFile & { missingSha?: boolean } = {
    filename,
    status,
    additions,
    deletions,
    changes: additions + deletions,
    sha: (removed ? index?.[1] : index?.[2]) ?? "",
  };
  if (!index) file.missingSha = true;
  const previous = value("rename from ") ?? value("copy from ");
  if (previous !== undefined) file.previous_filename = previous;
  if (hunk.length > 0) file.patch = hunk.join("\n").replace(/\n+$/, "");
  return file;
}

/**
 * The files changed from `base` to `head` with counts and patches, as GitHub lists them for a pull
 * request (where `base` is the merge base) or a comparison; rename detection on, like GitHub's. One
 * `git diff` gives everything: counts are the hunks' `+`/`-` lines, blob shas come from `--full-index`.
 */
export async function diffFiles(repo: Repo, base: string, head: string): Promise<DiffFile[]> {
  const args = [
    "diff",
    "-M",
    "--full-index",
    "--no-color",
    "--no-ext-diff",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    base,
    head,
  ];
  const text = (await repo.git(args)).stdout.toString("utf8");
  const files: DiffFile[] = [];
  for (const section of text.split(/^diff --git /m).slice(1)) {
    const parsed = parseSection(section);
    if (!parsed) continue;
    const { missingSha, ...file } = parsed;
    // A pure rename prints no `index` line; the blob is the same on both sides.
    if (missingSha) file.sha = (await repo.cat.read(`${head}:${file.filename}`))?.sha ?? "";
    files.push(file);
  }
  return files;
}
