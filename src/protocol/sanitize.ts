/**
 * Human-written text (issue bodies, `/retry` notes, check summaries, log tails) reaches the model only
 * through `sanitize`. The rule: the model may read what a reviewer sees on github.com, and nothing a
 * reviewer cannot see. Pure; the app and the executor both use it.
 *
 * Decisions where the design is silent:
 * - `<details>` is collapsed, not hidden (one click shows it), so its text stays; only the tags go.
 * - Image alt text and link or tag titles are invisible once an image loads or without a hover: they go.
 * - Link reference definitions (`[//]: # (…)`) never render, so they go, wherever they stand.
 * - Code fences get the same treatment: over-stripping a comment from a snippet is the safe mistake.
 */

import { nextTagSpan, replaceMarkdownImages, replaceTagSpans, type Work } from "./tag-spans.js";

/** What `sanitizeText` removed, by kind, so callers can log that a text carried hidden content. */
export type SanitizeCounts = Record<SanitizeKind, number>;
export type SanitizeKind =
  | "html_comment"
  | "invisible_char"
  | "hidden_element"
  | "image"
  | "title"
  | "reference_definition"
  | "markup_tag";

// Zero-width, bidi embeddings/overrides/isolates, word joiners, soft hyphen, BOM, Hangul fillers,
// variation selectors and Unicode tag characters (the "ASCII smuggling" range U+E0000–U+E01EF), plus
// C0/C1 controls other than tab, newline and carriage return.
const INVISIBLE = new RegExp(
  "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u00AD\\u034F\\u061C\\u115F\\u1160" +
    "\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u3164\\uFE00-\\uFE0F" +
    "\\uFEFF\\uFFA0\\uFFF0-\\uFFF8]|\\uDB40[\\uDC00-\\uDDEF]",
  "g",
);
const LINE_SEPARATORS = /[\u2028\u2029\u0085]/g;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const HIDDEN_OPEN_TAG =
  /^<([a-z][\w-]*)\b[^>]*?\s(?:hidden(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?|aria-hidden\s*=\s*["']?true["']?)(?=[\s/>])[^>]*>/i;
const PICTURE = /<picture\b[\s\S]*?(?:<\/picture\s*>|$)/gi;
const IMG_START = /<img\b/i;
// A parenthesised title cannot hold `(` (CommonMark), which also keeps a failing try from scanning far.
const MD_LINK_TITLE = /(\]\(\s*<?[^\s)>]+>?)\s+(?:"[^"]*"|'[^']*'|\([^()]*\))\s*\)/g;
const TAG_TITLE = /\s(?:title|alt)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$/gm;
const MARKUP_NAMES = new Set([
  "details",
  "summary",
  "sub",
  "sup",
  "span",
  "div",
  "p",
  "font",
  "small",
  "ins",
  "del",
  "kbd",
  "abbr",
]);
const BLANK_RUNS = /\n{3,}/g;
const VOID_ELEMENTS = new Set(["area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"]);

/** Removes everything a reviewer reading the rendered text on GitHub would not see. */
export function sanitize(text: string): string {
  return sanitizeText(text).text;
}

/**
 * `sanitize`, also counting what it removed. Linear in the length of `text` (src/protocol/tag-spans.ts);
 * `work`, when given, counts the characters its scanners moved over.
 */
export function sanitizeText(text: string, work?: Work): { text: string; removed: SanitizeCounts } {
  const removed: SanitizeCounts = {
    html_comment: 0,
    invisible_char: 0,
    hidden_element: 0,
    image: 0,
    title: 0,
    reference_definition: 0,
    markup_tag: 0,
  };
  const drop = (kind: SanitizeKind, replacement = "") => {
    return (match: string) => {
      removed[kind] += kind === "invisible_char" ? Array.from(match).length : 1;
      return replacement;
    };
  };
  // Invisible characters first, so that `<!\u200B--` cannot hide a comment from the next step.
  let out = text.replace(LINE_SEPARATORS, "\n").replace(INVISIBLE, drop("invisible_char"));
  out = out.replace(/\r\n?/g, "\n");
  // Comments before markup: our own `conductor:` markers are comments, and a comment may hide a tag.
  out = out.replace(HTML_COMMENT, drop("html_comment"));
  out = removeHiddenElements(out, () => removed.hidden_element++, work);
  out = out.replace(PICTURE, drop("image", "[image]"));
  out = replaceTagSpans(
    out,
    (tag) => {
      // `<a <img …>`: the image starts inside the span and reaches its end.
      const img = tag.search(IMG_START);
      if (img === -1) return tag;
      removed.image++;
      return `${tag.slice(0, img)}[image]`;
    },
    work,
  );
  out = replaceMarkdownImages(out, "[image]", () => removed.image++, work);
  out = out.replace(MD_LINK_TITLE, (_match, head: string) => {
    removed.title++;
    return `${head})`;
  });
  out = replaceTagSpans(out, (tag, span) => (span.closing ? tag : tag.replace(TAG_TITLE, drop("title"))), work);
  out = out.replace(REFERENCE_DEFINITION, drop("reference_definition"));
  out = replaceTagSpans(
    out,
    (tag, span) => (MARKUP_NAMES.has(span.name.toLowerCase()) ? drop("markup_tag")(tag) : tag),
    work,
  );
  out = out.replace(BLANK_RUNS, "\n\n");
  return { text: out, removed };
}

/**
 * Drops each element carrying `hidden` or `aria-hidden="true"` with everything inside it, counting
 * nested elements of the same name so `<div hidden><div>a</div>b</div>` goes whole. An element that is
 * never closed hides the rest of the text, so the rest goes too. The scan resumes past each removed
 * element, so it stays linear.
 */
function removeHiddenElements(text: string, onRemove: () => void, work?: Work): string {
  const parts: string[] = [];
  let last = 0;
  for (let span = nextTagSpan(text, 0, work); span; span = nextTagSpan(text, last, work)) {
    const tag = text.slice(span.start, span.end);
    if (span.closing || !HIDDEN_OPEN_TAG.test(tag)) {
      parts.push(text.slice(last, span.end));
      last = span.end;
      continue;
    }
    onRemove();
    const selfClosing = tag.endsWith("/>") || VOID_ELEMENTS.has(span.name.toLowerCase());
    parts.push(text.slice(last, span.start));
    last = selfClosing ? span.end : matchingClose(text, span.name, span.end, work);
  }
  parts.push(text.slice(last));
  return parts.join("");
}

/** The index just past the close tag matching an open `<name>` whose content starts at `from`. */
function matchingClose(text: string, name: string, from: number, work?: Work): number {
  const wanted = name.toLowerCase();
  let depth = 1;
  for (let span = nextTagSpan(text, from, work); span; span = nextTagSpan(text, span.end, work)) {
    if (span.name.toLowerCase() !== wanted) continue;
    depth += span.closing ? -1 : 1;
    if (depth === 0) return span.end;
  }
  return text.length;
}
