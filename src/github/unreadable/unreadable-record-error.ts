import { ZodError } from "zod";

/**
 * The task's record file exists but cannot be used: it is not JSON, or it is JSON the record schema refuses
 * (a hand edit, a bad merge, a writer of another version). Thrown by the store's `load`, caught by the
 * reconcile, which then runs the unreadable path (docs/troubleshooting.md#the-record-is-unreadable): one
 * notice comment, `/status`, `/abort` and `/reset` still answered, every other event left alone.
 */
export class UnreadableRecordError extends Error {
  override readonly name = "UnreadableRecordError";
  constructor(
    readonly issue: number,
    /** Where the file is: the state branch and the path on it. */
    readonly branch: string,
    readonly path: string,
    /** The blob SHA of the unreadable file: the version a repair overwrites with compare-and-swap. */
    readonly version: string,
    /** What is wrong, each naming its place: the JSON parser's position, or the JSON path of a schema error. */
    readonly problems: string[],
  ) {
    super(
      `task #${issue}: the record ${branch}:${path} (blob ${version.slice(0, 7)}) is unreadable: ${problems.join("; ")}`,
    );
  }
}

/** `$.modules[0].state` for zod's `["modules", 0, "state"]`: the path as `jq` and most editors write it. */
export const jsonPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((at, key) => (typeof key === "number" ? `${at}[${key}]` : `${at}.${String(key)}`), "$");

/**
 * The character offset `JSON.parse` complained about. V8 names it ("… at position 42") for some errors; for an
 * unexpected token it quotes the text around it instead (`Unexpected token ']', ..."one",\n  ]"... is not valid
 * JSON`: ten characters either side, `...` where it cut), so the offset is found again from that quote.
 */
function errorOffset(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return Number(position);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const quoted = /^Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!quoted) return undefined;
  const [, token = "", cut, around = ""] = quoted;
  const at = text.indexOf(around);
  if (at < 0) return undefined;
  return cut ? at + 10 : at + Math.max(0, around.indexOf(token));
}

/** The problems of a record that failed `JSON.parse` or the schema, each naming where (at most 10). */
export function describeRecordProblems(text: string, error: unknown): string[] {
  if (error instanceof ZodError) {
    const all = error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`);
    return all.length > 10 ? [...all.slice(0, 10), `… and ${all.length - 10} more`] : all;
  }
  const message = error instanceof Error ? error.message : String(error);
  const offset = errorOffset(text, message);
  // One line: the problem is a bullet in the notice, and the quoted text may hold line breaks.
  const words = message.replace(/\s+/g, " ");
  if (offset === undefined) return [`not JSON: ${words}`];
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return [`not JSON at line ${line}, column ${column}: ${words}`];
}
