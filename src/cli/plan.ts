import { parseArgs } from "node:util";
import { formatSpecError, parseSpec, specWarnings } from "../spec/parse.js";
import { formatPlan } from "./format-plan.js";
import { type CliIo, UsageError } from "./io.js";

export const PLAN_USAGE = "conductor plan FILE [--json]";

/**
 * `conductor plan FILE [--json]`: reads an issue body from FILE and prints its plan — readable, or
 * with `--json` the `Plan` object — or every spec error with its line on stderr and exits 1. Warnings
 * (modules of a phase whose `Paths` overlap) go to stderr with both modules' lines.
 */
export async function plan(argv: readonly string[], io: CliIo): Promise<number> {
  const { file, json } = parsePlanArgs(argv);
  let body: string;
  try {
    body = await io.readFile(file);
  } catch (error) {
    io.err(`conductor plan: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const result = parseSpec(body);
  if (!result.ok) {
    const problems = result.errors.length === 1 ? "1 problem" : `${result.errors.length} problems`;
    io.err(`${file}: ${problems} in the spec`);
    for (const error of result.errors) io.err(formatSpecError(error));
    return 1;
  }
  // Warnings go to stderr, so `--json` output stays exactly the Plan; they never fail the command.
  for (const warning of specWarnings(body)) io.err(`warning: ${formatSpecError(warning)}`);
  io.out(json ? JSON.stringify(result.plan, null, 2) : `${file}: ${formatPlan(result.plan)}`);
  return 0;
}

function parsePlanArgs(argv: readonly string[]): { file: string; json: boolean } {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    // parseArgs throws TypeErrors with readable messages (unknown option, missing value).
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) throw new UsageError("plan needs the FILE that holds the issue body");
  if (extra.length > 0) throw new UsageError(`plan takes one FILE, not ${parsed.positionals.length}`);
  return { file, json: parsed.values.json };
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: { json: { type: "boolean", default: false } },
    allowPositionals: true,
    strict: true,
  });
}
