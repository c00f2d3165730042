/** A line of the issue body with what the parser needs to know before reading it. */
export interface BodyLine {
  /** 1-based line number in the whole body: every error names one. */
  number: number;
  /** The line without its end-of-line whitespace (`\r` included: GitHub stores bodies with CRLF). */
  text: string;
  /** Inside a fenced code block (delimiters included): the line is never a header, key or bullet. */
  fenced: boolean;
  /** The opening fence of a code block. */
  opensFence: boolean;
}

const SECTION_HEADING = /^ {0,3}##[ \t]+implementation phases[ \t]*:?[ \t]*#*$/i;
/** A heading of level 1 or 2 ends the section (DESIGN §3); deeper ones belong to it. */
const TOP_HEADING = /^ {0,3}#{1,2}(?:[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Splits a body into lines and marks fenced code, so `## ` inside an example never ends the section. */
export function bodyLines(body: string): BodyLine[] {
  const lines: BodyLine[] = [];
  let fence: string | null = null;
  // A byte-order mark (bodies pasted from some editors) would hide a heading on line 1.
  body
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .forEach((raw, index) => {
      const text = raw.trimEnd();
      const marker = FENCE.exec(text)?.[1];
      let opensFence = false;
      let fenced = fence !== null;
      if (fence === null && marker !== undefined) {
        fence = marker;
        opensFence = true;
        fenced = true;
      } else if (fence !== null && marker !== undefined && isFenceClose(text, marker, fence)) {
        fence = null;
      }
      lines.push({ number: index + 1, text, fenced, opensFence });
    });
  return lines;
}

// CommonMark: a fence closes with the same character, at least as long, and nothing after it.
function isFenceClose(text: string, marker: string, open: string): boolean {
  return marker[0] === open[0] && marker.length >= open.length && text.trim() === marker;
}

/** Where `## Implementation Phases` is: its heading, the lines under it, and any later second heading. */
export interface SpecSection {
  heading: BodyLine;
  lines: BodyLine[];
  /** Further `## Implementation Phases` headings: a body must have exactly one. */
  repeats: BodyLine[];
}

/** Finds the section; it runs to the next heading of level 1 or 2, or to the end of the body. */
export function findSection(lines: readonly BodyLine[]): SpecSection | null {
  const start = lines.findIndex((line) => !line.fenced && SECTION_HEADING.test(line.text));
  const heading = lines[start];
  if (heading === undefined) return null;
  const after = lines.slice(start + 1);
  const end = after.findIndex((line) => !line.fenced && TOP_HEADING.test(line.text));
  const repeats = after.filter((line) => !line.fenced && SECTION_HEADING.test(line.text));
  return { heading, lines: end === -1 ? after : after.slice(0, end), repeats };
}

/** True when the body has a `## Implementation Phases` section, i.e. the issue brings its own plan. */
export function hasSpec(body: string): boolean {
  return findSection(bodyLines(body)) !== null;
}
