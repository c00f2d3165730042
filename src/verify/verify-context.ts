import type { Brief } from "../protocol/brief.js";
import type { VerifyFinding } from "../protocol/feedback.js";
import type { Result } from "../protocol/result.js";
import { newlyAdded } from "./newly-added.js";
import { normalizePath } from "./normalize-path.js";
import { type AddedLine, type PatchLines, patchLines } from "./patch-lines.js";
import type { PrFile } from "./pr-file.js";

/** What `verify` reads: the PR's files (all pages, with patches), the executor's result and the brief. */
export interface VerifyInput {
  files: readonly PrFile[];
  result: Result;
  brief: Brief;
}

/** One changed file, read once for every rule. */
export interface DiffFile {
  path: string;
  /** Where a renamed or copied file came from. */
  previousPath: string | undefined;
  status: PrFile["status"];
  /** null when GitHub sent no patch (a binary file, or a diff too large to show). */
  lines: PatchLines | null;
  /** Added lines new to the file (see `newlyAdded`); empty when there is no patch. */
  fresh: readonly AddedLine[];
  /** The first new-file line the change touches: where a file-level annotation points. */
  firstLine: number | undefined;
  /** The raw patch (hunk headers carry git's context line, e.g. the Makefile target a change is in). */
  patch: string | undefined;
}

export interface VerifyContext {
  files: readonly DiffFile[];
  result: Result;
  brief: Brief;
}

/** One rule of `conductor/verify`: pure, total, and silent when it has nothing to say. */
export type VerifyCheck = (context: VerifyContext) => VerifyFinding[];

/** Parses every patch once, so the rules only look things up. */
export function verifyContext(input: VerifyInput): VerifyContext {
  const files = input.files.map((file): DiffFile => {
    const lines = file.patch === undefined ? null : patchLines(file.patch);
    const firstLine = file.status === "removed" || lines === null ? undefined : firstTouched(lines);
    return {
      path: normalizePath(file.filename),
      previousPath: file.previous_filename === undefined ? undefined : normalizePath(file.previous_filename),
      status: file.status,
      lines,
      fresh: lines === null ? [] : newlyAdded(lines),
      firstLine,
      patch: file.patch,
    };
  });
  return { files, result: input.result, brief: input.brief };
}

/** A finding's location, with `line` left out when unknown (the schema has no `undefined` values). */
export function at(path: string, line: number | undefined): { path: string; line?: number } {
  return line === undefined ? { path } : { path, line };
}

function firstTouched(lines: PatchLines): number | undefined {
  const candidates = [lines.added[0]?.line, lines.removed[0]?.at].filter((n): n is number => n !== undefined);
  return candidates.length === 0 ? undefined : Math.min(...candidates);
}
