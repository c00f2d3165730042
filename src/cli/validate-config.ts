import { parseArgs } from "node:util";
import { parseConfigYaml } from "../config/load.js";
import { type CliIo, UsageError } from "./io.js";

export const VALIDATE_CONFIG_USAGE = "conductor validate-config [FILE]   (default: .github/conductor.yml)";

/** Where the app reads its configuration in the target repository (DESIGN §4). */
export const DEFAULT_CONFIG_FILE = ".github/conductor.yml";

/**
 * `conductor validate-config [FILE]`: checks a `.github/conductor.yml` with the app's own reader
 * (`parseConfigYaml`, the messages its comment shows: line numbers, "did you mean"), for CI and pre-commit
 * hooks, as `renovate-config-validator` does for Renovate. Prints `FILE:LINE: key: message` per problem (the
 * compiler form editors and CI annotate) and exits 1; `FILE: valid` and 0 otherwise.
 *
 * No file at the default path is valid (the app then uses the documented defaults), so the command can run
 * in any repository's CI; a FILE named on the command line must exist. `_extends` is not followed here: it
 * needs the GitHub API, and the app checks the merged result when it reads the file.
 */
export async function validateConfig(argv: readonly string[], io: CliIo): Promise<number> {
  const named = parseFileArg(argv);
  const file = named ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    if (named === undefined && isNotFound(error)) {
      io.out(`${file}: not found; Conductor uses the documented defaults (docs/configuration.md)`);
      return 0;
    }
    io.err(`conductor validate-config: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const result = parseConfigYaml(text);
  if (result.ok) {
    io.out(`${file}: valid`);
    return 0;
  }
  for (const { key, line, message } of result.errors) {
    const where = line === undefined ? file : `${file}:${line}`;
    io.err(key === "" ? `${where}: ${message}` : `${where}: ${key}: ${message}`);
  }
  const count = result.errors.length === 1 ? "1 problem" : `${result.errors.length} problems`;
  io.err(`${file}: ${count}; Conductor would run nothing until they are fixed`);
  return 1;
}

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT";
}

function parseFileArg(argv: readonly string[]): string | undefined {
  let positionals: string[];
  try {
    positionals = parseArgs({ args: [...argv], options: {}, allowPositionals: true, strict: true }).positionals;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (positionals.length > 1) throw new UsageError(`validate-config takes one FILE, not ${positionals.length}`);
  return positionals[0];
}
