/**
 * The lines of a unified diff's new side (added or context), per file: where GitHub accepts a review comment
 * with `line` and `side: RIGHT` (docs/ai-review.md). Deleted files have none.
 */
export function diffLines(diff: string): Map<string, Set<number>> {
  const files = new Map<string, Set<number>>();
  let current: Set<number> | null = null;
  let line = 0;
  for (const text of diff.split("\n")) {
    if (text.startsWith("+++ ")) {
      const path = text.slice(4).replace(/^b\//, "");
      current = path === "/dev/null" ? null : (files.get(path) ?? new Set());
      if (current) files.set(path, current);
      continue;
    }
    if (text.startsWith("--- ") || text.startsWith("diff --git")) continue;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
      continue;
    }
    if (!current || line === 0) continue;
    if (text.startsWith("+") || text.startsWith(" ")) {
      current.add(line);
      line += 1;
    }
  }
  return files;
}
