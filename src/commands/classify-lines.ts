/**
 * How a line of a comment renders, as far as commands care (DESIGN §2): only `text` lines can hold a
 * command. `code` is inside a fenced block (fences included) or indented by four columns or more,
 * `quote` starts with `>`, `comment` is inside an HTML comment (invisible on GitHub, so a reader could
 * not see the command it would carry), `blank` is empty or whitespace.
 */
export type LineKind = "text" | "blank" | "code" | "quote" | "comment";

/** One line of a comment body with its kind. `text` is the line as written, without its line break. */
export interface ClassifiedLine {
  readonly text: string;
  readonly kind: LineKind;
}

interface Fence {
  readonly char: "`" | "~";
  readonly length: number;
}

/** Columns of leading whitespace; a tab advances to the next multiple of four, as in CommonMark. */
function indentColumns(line: string): number {
  let columns = 0;
  for (const char of line) {
    if (char === " ") columns += 1;
    else if (char === "\t") columns += 4 - (columns % 4);
    else break;
  }
  return columns;
}

/** A CommonMark opening fence: three or more backticks or tildes; a backtick fence's info string has no backtick. */
function openingFence(stripped: string): Fence | null {
  const match = /^(`{3,}|~{3,})(.*)$/.exec(stripped);
  if (!match?.[1]) return null;
  const char = match[1][0] === "`" ? "`" : "~";
  // "```/retry```" on one line is inline code, not a fence (CommonMark forbids backticks in the info string).
  if (char === "`" && match[2]?.includes("`")) return null;
  return { char, length: match[1].length };
}

/** A closing fence: the opening character, at least as many, nothing after but whitespace, indent under 4. */
function closesFence(line: string, fence: Fence): boolean {
  if (indentColumns(line) >= 4) return false;
  const stripped = line.trim();
  if (stripped.length < fence.length) return false;
  for (const char of stripped) if (char !== fence.char) return false;
  return true;
}

/** True when the line opens an HTML comment that it does not close. */
function opensHtmlComment(line: string): boolean {
  const open = line.lastIndexOf("<!--");
  return open >= 0 && !line.includes("-->", open + 4);
}

/**
 * Splits a comment body into lines and says how each renders. This is the small part of CommonMark that
 * decides whether a `/command` line is visible prose: fenced code (``` or ~~~, any length ≥ 3, closed by a
 * fence of the same character at least as long, or by the end of the body), indented code, block quotes
 * and HTML comments. A line right after a quote without `>` (a "lazy continuation") counts as text: the
 * author typed it without a `>`, which is how people write a command under a quote they reply to.
 */
export function classifyLines(body: string): ClassifiedLine[] {
  const lines: ClassifiedLine[] = [];
  let fence: Fence | null = null;
  let inHtmlComment = false;
  for (const text of body.split(/\r\n|\r|\n/)) {
    if (fence) {
      if (closesFence(text, fence)) fence = null;
      lines.push({ text, kind: "code" });
      continue;
    }
    if (inHtmlComment) {
      if (text.includes("-->")) inHtmlComment = opensHtmlComment(text.slice(text.indexOf("-->") + 3));
      lines.push({ text, kind: "comment" });
      continue;
    }
    const stripped = text.trim();
    if (stripped === "") {
      lines.push({ text, kind: "blank" });
      continue;
    }
    if (indentColumns(text) >= 4) {
      lines.push({ text, kind: "code" });
      continue;
    }
    if (stripped.startsWith(">")) {
      lines.push({ text, kind: "quote" });
      continue;
    }
    fence = openingFence(stripped);
    if (fence) {
      lines.push({ text, kind: "code" });
      continue;
    }
    inHtmlComment = opensHtmlComment(text);
    lines.push({ text, kind: stripped.startsWith("<!--") ? "comment" : "text" });
  }
  return lines;
}
