import type { BodyLine } from "./section.js";

/** The keys of the format, lowercased. Phase keys apply to every module of a phase; module keys narrow one. */
export const PHASE_KEYS = ["modules", "test command", "success criteria", "gotchas"] as const;
export const MODULE_KEYS = ["paths", "test command", "fixes", "role", "depends on"] as const;
export type Key = (typeof PHASE_KEYS)[number] | (typeof MODULE_KEYS)[number];

/** How the spec's own spelling names a key in messages and in rendered specs. */
export const KEY_LABEL: Record<Key, string> = {
  modules: "Modules",
  "test command": "Test Command",
  "success criteria": "Success Criteria",
  gotchas: "Gotchas",
  paths: "Paths",
  fixes: "Fixes",
  role: "Role",
  "depends on": "Depends on",
};

/** What one line of the section is, before the parser knows where it stands. */
export type LineKind =
  | { kind: "blank" }
  | { kind: "fenced" }
  | { kind: "comment" }
  | { kind: "phase"; number: string; name: string }
  | { kind: "module"; name: string }
  | { kind: "bad-heading"; level: 3 | 4; heading: string }
  | { kind: "key"; key: Key; value: string }
  /** `near`: close to a real key (`Path`, `Gotcha`, `Test Commands`): a typo, not a sentence. */
  | { kind: "unknown-key"; name: string; near: boolean }
  | { kind: "bullet"; text: string }
  | { kind: "break" }
  | { kind: "text"; indented: boolean };

const HEADING = /^ {0,3}(#{3,4})(?:[ \t]+(.*?))?$/;
const PHASE_HEADER = /^phase[ \t]+(\d+)[ \t]*:[ \t]*(.*)$/i;
const MODULE_HEADER = /^module[ \t]*:[ \t]*(.*)$/i;
const COMMENT = /^<!--.*-->$/;
// Numbered items count as bullets: people write tasks as `1. Define the protos`.
const BULLET = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;
// `**Test Command:**` and `**Test Command**:` are common in hand-written issues; accept both. The
// closing `**` is taken only after an opening one, so `Paths: **/*.ts` keeps its glob.
const KEY = /^(\*\*|__)?([A-Za-z][A-Za-z ]*?)\1?[ \t]*:\1?[ \t]*(.*)$/;
/**
 * A Title Case word or three before a colon (`Owner:`, `Test Cmd:`) is read as a misspelt key, so a
 * typo such as `Path:` is reported instead of silently becoming free text; `note: …` stays text.
 */
const KEY_LIKE = /^[A-Z][a-z]*(?: [A-Z][a-z]*){0,2}$/;
const BREAK = /^(?:-{3,}|\*{3,}|_{3,})$/;

/** Classifies one line of the section on its own; context (phase, module, list) is the parser's job. */
export function classifyLine(line: BodyLine): LineKind {
  if (line.fenced) return { kind: "fenced" };
  const text = line.text.trimStart();
  if (text === "") return { kind: "blank" };
  const heading = HEADING.exec(line.text);
  if (heading !== null) return classifyHeading(heading[1] === "###" ? 3 : 4, heading[2] ?? "", text);
  if (COMMENT.test(text)) return { kind: "comment" };
  const bullet = BULLET.exec(text);
  if (bullet !== null) return { kind: "bullet", text: (bullet[1] ?? "").trim() };
  const key = KEY.exec(text);
  if (key !== null) {
    const name = (key[2] ?? "").trim();
    const known = knownKey(name);
    if (known !== null) return { kind: "key", key: known, value: (key[3] ?? "").trim() };
    if (KEY_LIKE.test(name)) return { kind: "unknown-key", name, near: nearKey(name) };
  }
  if (BREAK.test(text)) return { kind: "break" };
  return { kind: "text", indented: text !== line.text };
}

function classifyHeading(level: 3 | 4, title: string, heading: string): LineKind {
  const phase = level === 3 ? PHASE_HEADER.exec(title) : null;
  if (phase !== null) return { kind: "phase", number: phase[1] ?? "", name: (phase[2] ?? "").trim() };
  const module = level === 4 ? MODULE_HEADER.exec(title) : null;
  if (module !== null) return { kind: "module", name: (module[1] ?? "").trim() };
  return { kind: "bad-heading", level, heading };
}

function knownKey(name: string): Key | null {
  const normal = name.toLowerCase().replace(/\s+/g, " ");
  const keys: readonly Key[] = [...PHASE_KEYS, ...MODULE_KEYS];
  return keys.find((key) => key === normal) ?? null;
}

/**
 * Whether a name looks like a misspelt key: a prefix of one (`Fix`), one edit away (`Path`,
 * `Sucess Criteria`), or a first word one edit away (`Tests:`). `Then:` or `Note:` are not.
 */
function nearKey(name: string): boolean {
  const lower = name.toLowerCase().replace(/\s+/g, " ");
  const first = lower.split(" ")[0] ?? "";
  const keys: readonly string[] = [...PHASE_KEYS, ...MODULE_KEYS];
  return keys.some(
    (key) =>
      (lower.length >= 3 && key.startsWith(lower)) ||
      editDistance(lower, key) <= 1 ||
      editDistance(first, key.split(" ")[0] ?? "") <= 1,
  );
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Removes one pair of backticks around a whole value: `` Test Command: `npm test` `` means `npm test`. */
export function unquote(value: string): string {
  const quoted = /^`([^`]+)`$/.exec(value);
  return quoted === null ? value : (quoted[1] ?? "").trim();
}

/** Splits `a, b, src/{x,y}/**` on the commas that are not inside glob braces; empty entries are dropped. */
export function splitList(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of value) {
    if (char === "{") depth += 1;
    if (char === "}") depth = Math.max(0, depth - 1);
    if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}
