import type { AddedLine, PatchLines } from "./patch-lines.js";

/**
 * The added lines that are new to the file: an added line whose text (ignoring indentation) is also a
 * removed line of the same patch was moved or re-indented, not written now. Each removed line excuses one
 * added line. Why: reformatting a file that already had a `TODO` or a skipped test must not fail the
 * executor for something it did not write.
 */
export function newlyAdded(lines: PatchLines): AddedLine[] {
  const removed = new Map<string, number>();
  for (const { text } of lines.removed) {
    const key = text.trim();
    removed.set(key, (removed.get(key) ?? 0) + 1);
  }
  return lines.added.filter(({ text }) => {
    const key = text.trim();
    const left = removed.get(key) ?? 0;
    if (left === 0) return true;
    removed.set(key, left - 1);
    return false;
  });
}
