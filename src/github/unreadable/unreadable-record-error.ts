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

/** The problems of a record that failed `JSON.parse` or the schema, each naming where (at most 10). */
export function describeRecordProblems(text: string, error: unknown): string[] {
  if (error instanceof ZodError) {
    const all = error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`);
    return all.length > 10 ? [...all.slice(0, 10), `… and ${all.length - 10} more`] : all;
  }
  const message = error instanceof Error ? error.message : String(error);
  // V8's messages name a character offset ("at position 42") in some versions and not in others; a line and
  // column are what an editor can jump to, so they are computed here when the offset is given.
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return [`not JSON: ${message}`];
  const before = text.slice(0, Number(position));
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return [`not JSON: ${message} (line ${line}, column ${column})`];
}
