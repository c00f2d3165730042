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
  /<([a-z][\w-]*)\b[^>]*?\s(?:hidden(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?|aria-hidden\s*=\s*["']?true["']?)(?=[\s/>])[^>]*>/i;
const PICTURE = /<picture\b[\s\S]*?(?:<\/picture\s*>|$)/gi;
const IMG_TAG = /<img\b[^>]*>/gi;
const MD_IMAGE = /!\[[^\]]*\]\([^)]*\)/g;
const MD_LINK_TITLE = /(\]\(\s*<?[^\s)>]+>?)\s+(?:"[^"]*"|'[^']*'|\([^)]*\))\s*\)/g;
const TAG_TITLE = /(<[a-z][\w-]*\b[^>]*?)\s(?:title|alt)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$/gm;
const MARKUP_TAG = /<\/?(?:details|summary|sub|sup|span|div|p|font|small|ins|del|kbd|abbr)\b[^>]*>/gi;
const BLANK_RUNS = /\n{3,}/g;
const VOID_ELEMENTS = new Set(["area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"]);

/** Removes everything a reviewer reading the rendered text on GitHub would not see. */
export function sanitize(text: string): string {
  return sanitizeText(text).text;
}

/** `sanitize`, also counting what it removed. */
export function sanitizeText(text: string): { text: string; removed: SanitizeCounts } {
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
  out = removeHiddenElements(out, () => removed.hidden_element++);
  out = out.replace(PICTURE, drop("image", "[image]"));
  out = out.replace(IMG_TAG, drop("image", "[image]"));
  out = out.replace(MD_IMAGE, drop("image", "[image]"));
  out = out.replace(MD_LINK_TITLE, (_match, head: string) => {
    removed.title++;
    return `${head})`;
  });
  out = out.replace(TAG_TITLE, (_match, head: string) => {
    removed.title++;
    return head;
  });
  out = out.replace(REFERENCE_DEFINITION, drop("reference_definition"));
  out = out.replace(MARKUP_TAG, drop("markup_tag"));
  out = out.replace(BLANK_RUNS, "\n\n");
  return { text: out, removed };
}

/**
 * Drops each element carrying `hidden` or `aria-hidden="true"` with everything inside it, counting
 * nested elements of the same name so `<div hidden><div>a</div>b</div>` goes whole. An element that is
 * never closed hides the rest of the text, so the rest goes too.
 */
function removeHiddenElements(text: string, onRemove: () => void): string {
  let out = text;
  for (let open = HIDDEN_OPEN_TAG.exec(out); open; open = HIDDEN_OPEN_TAG.exec(out)) {
    onRemove();
    const name = open[1] ?? "";
    const start = open.index;
    const selfClosing = open[0].endsWith("/>") || VOID_ELEMENTS.has(name.toLowerCase());
    const end = selfClosing ? start + open[0].length : matchingClose(out, name, start + open[0].length);
    out = out.slice(0, start) + out.slice(end);
  }
  return out;
}

/** The index just past the close tag matching an open `<name>` whose content starts at `from`. */
function matchingClose(text: string, name: string, from: number): number {
  const tags = new RegExp(`<(/?)${name}\\b[^>]*>`, "gi");
  tags.lastIndex = from;
  let depth = 1;
  for (let tag = tags.exec(text); tag; tag = tags.exec(text)) {
    depth += tag[1] === "/" ? -1 : 1;
    if (depth === 0) return tags.lastIndex;
  }
  return text.length;
}
