import { readFile } from "node:fs/promises";

/**
 * What a subcommand may touch: two output streams and the filesystem. Passed in, so tests run a
 * subcommand in-process and read what it printed; `nodeIo()` is the real thing, used only by `bin/conductor.js`.
 */
export interface CliIo {
  /** Writes one line (a newline is added) to standard output. */
  out(text: string): void;
  /** Writes one line (a newline is added) to standard error. */
  err(text: string): void;
  readFile(path: string): Promise<string>;
  /** The names in a folder (`plan --estimate --history DIR`); default: the real filesystem's. */
  listDir?(path: string): Promise<string[]>;
}

/** A subcommand: its arguments (after the subcommand's name) in, an exit code out. */
export type Subcommand = (argv: readonly string[], io: CliIo) => Promise<number>;

/** Thrown for a bad command line: the dispatcher prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The process's own streams and filesystem. */
export function nodeIo(): CliIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    readFile: (path) => readFile(path, "utf8"),
  };
}
