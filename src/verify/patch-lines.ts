/** An added line of a patch, with its 1-based line number in the new file. */
export interface AddedLine {
  line: number;
  text: string;
}

/** A removed line of a patch. */
export interface RemovedLine {
  /** 1-based line number in the old file. */
  oldLine: number;
  /**
   * Where an annotation about the removal can point in the new file: the last new-file line before it in
   * its hunk, else the hunk's first new line; undefined when the hunk leaves no line (the file was emptied).
   */
  at: number | undefined;
  text: string;
}

/** What a unified-diff patch (as `GET /pulls/{n}/files` returns it) adds and removes. */
export interface PatchLines {
  added: AddedLine[];
  removed: RemovedLine[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
// Larger numbers are not a real file's; treating such a header as malformed keeps line numbers safe.
const MAX_LINE = 1_000_000_000;

/**
 * Reads the added and removed lines of a patch, numbering them from the hunk headers. GitHub's patches
 * have no `---`/`+++` file headers: they start at the first `@@`. Anything before the first valid hunk
 * header, and the `\ No newline at end of file` marker, is ignored; a malformed header ends the current
 * hunk, so garbage never throws and never yields a line number below 1.
 */
export function patchLines(patch: string): PatchLines {
  const added: AddedLine[] = [];
  const removed: RemovedLine[] = [];
  let inHunk = false;
  let oldLine = 0;
  let newLine = 0;
  let lastNew: number | undefined;
  let anchor: number | undefined;
  for (const raw of patch.split("\n")) {
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (text.startsWith("@@")) {
      const header = parseHeader(text);
      inHunk = header !== null;
      if (header === null) continue;
      oldLine = Math.max(1, header.oldStart);
      newLine = Math.max(1, header.newStart);
      lastNew = undefined;
      // `+0,0` leaves no line behind (the file was emptied); `+4,0` is a pure deletion after line 4.
      anchor = header.newStart === 0 ? undefined : header.newStart;
      continue;
    }
    if (!inHunk || text.startsWith("\\")) continue;
    const marker = text[0];
    if (marker === "+") {
      added.push({ line: newLine, text: text.slice(1) });
      lastNew = newLine;
      newLine++;
    } else if (marker === "-") {
      removed.push({ oldLine, at: lastNew ?? anchor, text: text.slice(1) });
      oldLine++;
    } else {
      // A context line (" "), or an empty line whose single space an editor stripped.
      lastNew = newLine;
      oldLine++;
      newLine++;
    }
  }
  return { added, removed };
}

function parseHeader(text: string): { oldStart: number; newStart: number } | null {
  const match = HUNK.exec(text);
  if (!match) return null;
  const oldStart = Number(match[1]);
  const newStart = Number(match[3]);
  if (oldStart > MAX_LINE || newStart > MAX_LINE) return null;
  return { oldStart, newStart };
}
