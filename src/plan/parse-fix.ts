import { type Item, Severity } from "../protocol/item.js";

/** The form a `Fixes:` bullet must have, quoted in every error about one. */
export const FIX_FORM = "- [critical|major|minor] file:line — issue → fix (verify: `command`)";

// `(verify: \`cmd\`)` at the very end; greedy, so the command may itself hold backticks or parentheses.
const VERIFY_QUOTED = /\s*\(verify:\s*`(.*)`\)$/i;
const VERIFY_BARE = /\s*\(verify:\s*(.*)\)$/i;
// The location is one token before the dash; with spaces in it, the text is an issue that holds a dash.
const LOCATION = /^(\S+)\s+(?:—|–|--)\s+(.*)$/;
const FILE_LINE = /^(.+):(\d+)$/;
const ARROW = /(?:^|\s+)(?:→|->)(?:\s+|$)/;

/**
 * Reads the text of one `Fixes:` bullet (without its `- `):
 * `[severity] file:line — issue → fix (verify: \`cmd\`)`, where `file:line —`, `→ fix` and the verify
 * part are optional, `:line` too, and `--`/`->` stand for `—`/`→`.
 */
export function parseFix(text: string, id: string): { ok: true; item: Item } | { ok: false; reason: string } {
  const tagged = /^\[([^\]]*)\]\s*(.*)$/.exec(text);
  if (tagged === null) return { ok: false, reason: "it does not start with [critical], [major] or [minor]" };
  const severity = Severity.safeParse((tagged[1] ?? "").trim().toLowerCase());
  if (!severity.success) return { ok: false, reason: `unknown severity "${tagged[1]}"` };
  let rest = tagged[2] ?? "";

  let verification = "";
  const verify = VERIFY_QUOTED.exec(rest) ?? VERIFY_BARE.exec(rest);
  if (verify !== null) {
    verification = (verify[1] ?? "").trim();
    if (verification === "") return { ok: false, reason: "its verify command is empty" };
    rest = rest.slice(0, verify.index);
  }

  let file: string | undefined;
  let line: number | undefined;
  const location = LOCATION.exec(rest);
  if (location !== null) {
    const token = location[1] ?? "";
    const numbered = FILE_LINE.exec(token);
    file = numbered === null ? token : (numbered[1] ?? "");
    line = numbered === null ? undefined : Number(numbered[2]);
    if (line !== undefined && (line < 1 || !Number.isSafeInteger(line))) {
      return { ok: false, reason: `"${token}" names no line: lines count from 1` };
    }
    rest = location[2] ?? "";
  }

  const arrow = ARROW.exec(rest);
  const issue = (arrow === null ? rest : rest.slice(0, arrow.index)).trim();
  const fix = arrow === null ? "" : rest.slice(arrow.index + arrow[0].length).trim();
  if (issue === "") return { ok: false, reason: "it names no issue" };
  const item: Item = {
    id,
    severity: severity.data,
    ...(file === undefined ? {} : { file }),
    ...(line === undefined ? {} : { line }),
    issue,
    fix,
    verification,
  };
  return { ok: true, item };
}

/** Writes an item back in the `Fixes:` form; `parseFix(renderFix(item))` gives the item back. */
export function renderFix(item: Item): string {
  const location = item.file === undefined ? "" : `${item.file}${item.line === undefined ? "" : `:${item.line}`} — `;
  const fix = item.fix === "" ? "" : ` → ${item.fix}`;
  const verify = item.verification === "" ? "" : ` (verify: \`${item.verification}\`)`;
  return `[${item.severity}] ${location}${item.issue}${fix}${verify}`;
}
