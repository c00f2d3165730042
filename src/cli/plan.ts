import { parseArgs } from "node:util";
import { formatSpecError, specWarnings } from "../plan/parse.js";
import { planFromBody, planFromTaskFile } from "../plan/read-plan.js";
import type { TaskFileModules } from "../plan/task-file/task-file-plan.js";
import { formatPlan } from "./format-plan.js";
import { type CliIo, UsageError } from "./io.js";
import { type EstimateSources, printEstimate } from "./plan-estimate.js";

export const PLAN_USAGE =
  "conductor plan FILE [--json] [--modules component|file] [--estimate [--config FILE] [--history DIR]]";

/**
 * `conductor plan FILE [--json] [--modules component|file]`: reads an issue body (or, for a `.json` FILE,
 * a task file: docs/spec-format.md#task-files) and prints its plan — readable, or with `--json` the `Plan`
 * object — or every error with its line or JSON path on stderr and exits 1. Warnings
 * (modules of a phase whose `Paths` overlap) go to stderr with both modules' lines. `--estimate` adds what
 * the plan would cost (src/cli/plan-estimate.ts, docs/estimates.md#the-cli).
 */
export async function plan(argv: readonly string[], io: CliIo): Promise<number> {
  const { file, json, modules, estimate, sources } = parsePlanArgs(argv);
  let body: string;
  try {
    body = await io.readFile(file);
  } catch (error) {
    io.err(`conductor plan: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const taskFile = file.toLowerCase().endsWith(".json");
  const result = taskFile ? planFromTaskFile(body, modules, null) : planFromBody(body, modules);
  if (result.kind !== "plan") {
    const errors =
      result.kind === "errors"
        ? result.errors
        : ['line 1: no "## Implementation Phases" section and no ```json task file'];
    const problems = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
    io.err(`${file}: ${problems} in the ${taskFile ? "task file" : "spec"}`);
    for (const error of errors) io.err(error);
    return 1;
  }
  // Warnings go to stderr, so `--json` output stays exactly the Plan; they never fail the command.
  for (const warning of specWarnings(body)) io.err(`warning: ${formatSpecError(warning)}`);
  // With `--json --estimate` the output is exactly the Estimate, as `--json` alone is exactly the Plan.
  if (!(json && estimate)) io.out(json ? JSON.stringify(result.plan, null, 2) : `${file}: ${formatPlan(result.plan)}`);
  return estimate ? printEstimate(result.plan, sources, json, io) : 0;
}

function parsePlanArgs(argv: readonly string[]): {
  file: string;
  json: boolean;
  modules: TaskFileModules;
  estimate: boolean;
  sources: EstimateSources;
} {
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
  const modules = parsed.values.modules;
  if (modules !== "component" && modules !== "file") {
    throw new UsageError(`--modules takes "component" or "file", not "${modules}"`);
  }
  const { estimate, config, history } = parsed.values;
  if (!estimate && (config !== undefined || history !== undefined)) {
    throw new UsageError("--config and --history go with --estimate");
  }
  return { file, json: parsed.values.json, modules, estimate, sources: { config, history } };
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      json: { type: "boolean", default: false },
      modules: { type: "string", default: "component" },
      estimate: { type: "boolean", default: false },
      config: { type: "string" },
      history: { type: "string" },
    },
    allowPositionals: true,
    strict: true,
  });
}
