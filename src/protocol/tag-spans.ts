/**
 * Linear scanning for `sanitize` (src/protocol/sanitize.ts). A pattern such as `<img\b[^>]*>` applied with a
 * global regex is tried again at every `<`, and each failing try scans to the next `>` or to the end, so
 * crafted markup (`<a <a <a …` with no `>`) costs time quadratic in its length. Here a tag-like span is
 * `<name` (or `</name`) up to the first `>` after it — the same extent `[^>]*>` gives — and the scan moves
 * on past each span, so every character is looked at a bounded number of times.
 */

/** Counts characters the scanners moved over: tests compare it across input sizes (no timed assertion). */
export interface Work {
  steps: number;
}

/** One tag-like span: `text.slice(start, end)` is `<name …>`; `closing` for `</name …>`. */
export interface TagSpan {
  start: number;
  end: number;
  name: string;
  closing: boolean;
}

const OPEN = /<(\/?)([a-z][\w-]*)/gi;

/** The first tag-like span at or after `from`, or `null` when none closes (nothing after can be a tag). */
export function nextTagSpan(text: string, from: number, work?: Work): TagSpan | null {
  OPEN.lastIndex = from;
  const open = OPEN.exec(text);
  const gt = open ? text.indexOf(">", open.index) : -1;
  if (work) work.steps += (gt === -1 ? text.length : gt + 1) - from;
  if (!open || gt === -1) return null;
  return { start: open.index, end: gt + 1, name: open[2] ?? "", closing: open[1] === "/" };
}

/** Replaces each tag-like span with what `visit` returns for it (the span itself to keep it). */
export function replaceTagSpans(text: string, visit: (tag: string, span: TagSpan) => string, work?: Work): string {
  const parts: string[] = [];
  let last = 0;
  for (let span = nextTagSpan(text, 0, work); span; span = nextTagSpan(text, span.end, work)) {
    parts.push(text.slice(last, span.start), visit(text.slice(span.start, span.end), span));
    last = span.end;
  }
  parts.push(text.slice(last));
  return parts.join("");
}

/**
 * Replaces Markdown images `![alt](target)` (the extent `!\[[^\]]*\]\([^)]*\)` gives) with `replacement`.
 * Each of the three positions it looks for only moves forward, so the scan is linear.
 */
export function replaceMarkdownImages(text: string, replacement: string, onRemove: () => void, work?: Work): string {
  const find = (what: string, from: number): number => {
    const found = text.indexOf(what, from);
    if (work) work.steps += (found === -1 ? text.length : found) - from;
    return found;
  };
  const parts: string[] = [];
  let last = 0;
  let close = -1;
  let paren = -1;
  for (let at = find("![", 0); at !== -1; ) {
    if (close < at + 2) close = find("]", at + 2);
    if (close === -1) break;
    if (text[close + 1] !== "(") {
      // Every `![` before this `]` closes at the same `]`, so none of them is an image either.
      at = find("![", close);
      continue;
    }
    if (paren < close + 2) paren = find(")", close + 2);
    if (paren === -1) break;
    onRemove();
    parts.push(text.slice(last, at), replacement);
    last = paren + 1;
    at = find("![", last);
  }
  parts.push(text.slice(last));
  return parts.join("");
}
