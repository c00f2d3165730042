import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { type ConfigError, describeIssue, type LocatedConfigError } from "./describe-issue.js";
import { Config } from "./schema.js";

export type { ConfigError } from "./describe-issue.js";
export { formatConfigErrors } from "./format-config-errors.js";

/** The outcome of reading `.github/conductor.yml`: a config with every default filled in, or every problem. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: ConfigError[] };

type Located = { ok: true; config: Config } | { ok: false; errors: LocatedConfigError[] };

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `key:` with nothing after it is null in YAML; we read it as "not set", like a key that is absent. The usual
 * cause is a section whose lines are all commented out (`gates:` over `#  review: required`), and failing the
 * whole file for that would punish tidying. List items stay as they are: `- ` with nothing is a mistake.
 */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (!isMapping(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, child]) => child !== null)
      .map(([key, child]) => [key, dropNulls(child)]),
  );
}

function check(raw: unknown): Located {
  // No file at all is the documented defaults.
  if (raw === null || raw === undefined) return { ok: true, config: Config.parse({}) };
  let input = dropNulls(raw);
  if (isMapping(input)) {
    // Probot's context.config has already merged `_extends` and may hand the key back; it is not ours to check.
    const { _extends: _, ...rest } = input;
    input = rest;
  }
  const parsed = Config.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, errors: parsed.error.issues.flatMap(describeIssue) };
}

const withoutPath = ({ key, message, line }: LocatedConfigError): ConfigError =>
  line === undefined ? { key, message } : { key, message, line };

/**
 * Validates an already-parsed `.github/conductor.yml` (what Probot's `context.config` returns) and fills in the
 * defaults. `null`/`undefined` (no file) is all defaults; a top-level `_extends` is ignored; an empty value
 * counts as not set. Every problem is collected, each naming its key path, so one comment can list them all.
 */
export function loadConfig(raw: unknown): ConfigResult {
  const result = check(raw);
  return result.ok ? result : { ok: false, errors: result.errors.map(withoutPath) };
}

/** The 1-based line where `path` is written: the key for a mapping entry, the item for a list entry. */
function lineOf(document: Document, lines: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = document.contents;
  let found: Node | undefined = isMap(node) || isSeq(node) || isScalar(node) ? node : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      if (isScalar(pair.key)) found = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      if (isMap(node) || isSeq(node) || isScalar(node)) found = node;
    } else {
      break;
    }
  }
  const offset = found?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/**
 * Reads `.github/conductor.yml` from its text, for the CLI and for checking a file before it is committed.
 * YAML syntax errors are reported with their line and column; schema errors carry the line of the bad key.
 * `_extends` is not followed here (that needs the GitHub API); it is ignored, as in {@link loadConfig}.
 */
export function parseConfigYaml(text: string): ConfigResult {
  const lines = new LineCounter();
  // `merge: true` accepts `<<:` merge keys, which Probot's YAML reader accepts too.
  const document = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => {
        const position = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
        return {
          key: "",
          line: position.line,
          message: `YAML syntax error at line ${position.line}, column ${position.col}: ${error.message}`,
        };
      }),
    };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias to an anchor that does not exist, or an alias bomb past maxAliasCount.
    return {
      ok: false,
      errors: [{ key: "", message: `YAML error: ${error instanceof Error ? error.message : error}` }],
    };
  }
  const result = check(raw);
  if (result.ok) return result;
  return {
    ok: false,
    errors: result.errors.map((error) => withoutPath({ ...error, line: lineOf(document, lines, error.path) })),
  };
}
