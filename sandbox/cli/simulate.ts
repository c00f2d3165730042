import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { type CliIo, UsageError } from "../../src/cli/io.js";
import { createWorld, parseFailure, SAMPLE_REPO, type ScriptedFailure, type World } from "../world.js";
import { simulateHelp } from "./simulate-help.js";
import { ungotFailures } from "./ungot-failures.js";

export { SIMULATE_USAGE } from "./simulate-help.js";

/** What to simulate: a spec, a repository, scripted failures. */
export interface SimulationOptions {
  specFile?: string;
  repoDir?: string;
  /** The default branch, instead of the one detected from `repoDir`. */
  baseBranch?: string;
  solutionsDir?: string;
  fail: ScriptedFailure[];
  seed: number;
  ci: boolean;
  /**
   * `executor.engine` for the simulated repository's configuration (`--engine`): the world's executor
   * runs that engine's real CLI against the scripted model (sandbox/world/engine-model.ts); `codex`
   * also sets `executor.model: gpt-5-codex` unless the repository's configuration names a model.
   */
  engine?: "builtin" | "claude-code" | "codex";
}

/**
 * Runs a task start to end in the sandbox world (no credentials, no network) and hands the finished
 * world to `report`; the world is closed afterwards. Returns 0 when the task is done, else 1.
 */
export async function runSimulation(
  options: SimulationOptions,
  report: (world: World, elapsedMs: number) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  const world = await createWorld({
    ...(options.specFile ? { specFile: options.specFile } : {}),
    ...(options.repoDir ? { repoDir: options.repoDir } : {}),
    ...(options.baseBranch ? { baseBranch: options.baseBranch } : {}),
    ...(options.solutionsDir ? { solutionsDir: options.solutionsDir } : {}),
    fail: options.fail,
    seed: options.seed,
    ci: options.ci,
    ...(options.engine ? { config: await withEngine(options.repoDir ?? SAMPLE_REPO, options.engine) } : {}),
  });
  try {
    await world.openTask();
    const outcome = await world.run();
    await report(world, performance.now() - started);
    return outcome.status === "done" ? 0 : 1;
  } finally {
    await world.close();
  }
}

/**
 * The repository's own `.github/conductor.yml` (as on disk) with `executor.engine` set: `--engine` changes
 * that one key and keeps the rest of the repository's settings.
 */
async function withEngine(repoDir: string, engine: string): Promise<Record<string, unknown>> {
  const text = await readFile(path.join(repoDir, ".github", "conductor.yml"), "utf8").catch(() => "");
  const parsed: unknown = text ? parse(text) : {};
  const config = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const executor = typeof config.executor === "object" && config.executor !== null ? config.executor : {};
  // Codex with the default (Claude) model name would be a configuration no one runs: unless the
  // repository names a model, `--engine codex` simulates Codex's own.
  const model = engine === "codex" && !("model" in executor) ? { model: "gpt-5-codex" } : {};
  return { ...config, executor: { ...executor, engine, ...model } };
}

/** Which tree the sandbox started from and why its default branch is the one it is. */
function repositoryLine(world: World): string {
  const { seed, defaultBranch, branchFrom } = world.source;
  const from = seed.fromGit
    ? `the committed tree of ${seed.fromGit.dir} at HEAD ${seed.fromGit.rev.slice(0, 7)}`
    : `the files of ${seed.fromDir ?? "?"}`;
  const why = {
    "--base": "from --base",
    "origin/HEAD": "origin/HEAD",
    HEAD: "the branch checked out",
    default: "the default",
  }[branchFrom];
  return `Repository: ${from}, on branch ${defaultBranch} (${why}).`;
}

/** The dashboard without its hidden marker, for a terminal. */
export function printableDashboard(world: World): string {
  return (world.dashboard() ?? "(no dashboard)").replace(/<!--[\s\S]*?-->\n?/g, "").trim();
}

/**
 * `conductor simulate SPEC.md …`: runs the spec as a task in the sandbox world. Prints the timeline
 * (event → effects) and the final dashboard, or with `--json` the summary
 * `{ status, phases: [{ number, modules: [{ name, pr, attempts, merged }] }], escalations, api_calls }`.
 * Exits 0 when the task is done, 1 when it ended blocked, aborted or still running.
 */
export async function simulate(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(simulateHelp());
    return 0;
  }
  const { options, json } = parseSimulateArgs(argv);
  return runSimulation(options, async (world) => {
    const summary = await world.summary();
    // A scripted failure that did not fail would pass for a working retry: say so, on stderr.
    for (const line of ungotFailures(options.fail, await world.record())) io.err(`warning: ${line}`);
    if (json) {
      io.out(JSON.stringify(summary, null, 2));
      return;
    }
    io.out(repositoryLine(world));
    io.out("");
    io.out("Timeline (event → effects):");
    for (const line of world.timeline.lines()) io.out(`  ${line}`);
    io.out("");
    io.out(printableDashboard(world));
    io.out("");
    io.out(`status: ${summary.status} · escalations: ${summary.escalations} · API requests: ${summary.api_calls}`);
  });
}

function parseSimulateArgs(argv: readonly string[]): { options: SimulationOptions; json: boolean } {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [specFile, ...extra] = parsed.positionals;
  if (specFile === undefined) throw new UsageError("simulate needs the SPEC.md file that holds the issue body");
  if (extra.length > 0) throw new UsageError(`simulate takes one SPEC.md, not ${parsed.positionals.length}`);
  const seed = Number(parsed.values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed wants an integer, not "${parsed.values.seed}"`);
  let fail: ScriptedFailure[];
  try {
    fail = (parsed.values.fail ?? []).map(parseFailure);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { repo, solutions, base, engine } = parsed.values;
  if (engine !== undefined && engine !== "builtin" && engine !== "claude-code" && engine !== "codex") {
    throw new UsageError(`--engine wants builtin, claude-code or codex, not "${engine}"`);
  }
  return {
    json: parsed.values.json,
    options: {
      specFile,
      ...(repo ? { repoDir: repo } : {}),
      ...(base ? { baseBranch: base } : {}),
      ...(solutions ? { solutionsDir: solutions } : {}),
      fail,
      seed,
      ci: !parsed.values["no-ci"],
      ...(engine ? { engine } : {}),
    },
  };
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      repo: { type: "string" },
      base: { type: "string" },
      solutions: { type: "string" },
      fail: { type: "string", multiple: true },
      seed: { type: "string", default: "1" },
      engine: { type: "string" },
      "no-ci": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
    allowPositionals: true,
    strict: true,
  });
}
