/**
 * `npm run bench:sanitize`: how long `sanitize` takes on crafted markup that made the old regex pipeline
 * quadratic (≈1.6 s for 60 KB of `<a <a <a …`), at 60 KB and 600 KB, and the scanners' work per character
 * (src/protocol/tag-spans.ts), which stays flat when the input grows tenfold.
 */
import { sanitizeText } from "../src/protocol/sanitize.js";
import type { Work } from "../src/protocol/tag-spans.js";

const CRAFTED: Record<string, (size: number) => string> = {
  "unclosed tags <a <a …": (n) => "<a ".repeat(n / 3),
  "unclosed images <img <img …": (n) => "<img ".repeat(n / 5),
  "markdown image openers ![![ …": (n) => "![".repeat(n / 2),
  "hidden element, then unclosed tags": (n) => `<div hidden>${"<div ".repeat(n / 5)}`,
  "link titles in parentheses ](x (](x ( …": (n) => "](x (".repeat(n / 5),
  "ordinary issue text": (n) => "Fix the <b>login</b> bug; see ![shot](a.png) and [docs](x 'title').\n".repeat(n / 70),
};

const rows: string[] = [];
for (const [name, make] of Object.entries(CRAFTED)) {
  for (const size of [60_000, 600_000]) {
    const text = make(size);
    const work: Work = { steps: 0 };
    const started = performance.now();
    sanitizeText(text, work);
    const ms = performance.now() - started;
    rows.push(
      `${name.padEnd(40)} ${String(text.length).padStart(7)} chars ${ms.toFixed(1).padStart(8)} ms ${(work.steps / text.length).toFixed(2).padStart(6)} steps/char`,
    );
  }
}
process.stdout.write(`sanitize on crafted markup\n${rows.join("\n")}\n`);
