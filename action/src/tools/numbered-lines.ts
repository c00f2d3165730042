/** Lines of `text` (a final newline ends the last line; it does not start another). */
export function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return lines;
}

/** Longest line shown; longer ones are cut with a note (minified code would fill the output). */
export const MAX_LINE_CHARS = 2000;

/**
 * `lines[from-1 … to-1]` numbered like `cat -n` (number, tab, text), the form the model quotes line
 * numbers from and copies `old_string` out of (without the number and tab).
 */
export function numbered(lines: readonly string[], from: number, to: number): string {
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const line = lines[n - 1] ?? "";
    const text =
      line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}[… line cut: ${line.length} characters]` : line;
    out.push(`${String(n).padStart(width)}\t${text}`);
  }
  return out.join("\n");
}
