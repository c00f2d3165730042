import { type CliIo, type Subcommand, UsageError } from "./io.js";
import { PLAN_USAGE, plan } from "./plan.js";
import { VALIDATE_CONFIG_USAGE, validateConfig } from "./validate-config.js";

/** A subcommand and its one-line usage. */
export type SubcommandEntry = { run: Subcommand; usage: string };

/**
 * The app's own subcommands, one file each under `src/cli/`; adding one is a file and a line here. The
 * sandbox's (`demo`, `simulate`) come from `sandbox/cli/subcommands.ts` and are put beside these by
 * `bin/conductor.js`: production code never imports the sandbox (docs/architecture.md#the-rooms).
 */
const SPEC_SUBCOMMANDS: Record<string, SubcommandEntry> = {
  plan: { run: plan, usage: PLAN_USAGE },
  "validate-config": { run: validateConfig, usage: VALIDATE_CONFIG_USAGE },
};
const REPOSITORY_SUBCOMMANDS: Record<string, SubcommandEntry> = {
  doctor: {
    run: async (argv, io) => (await import("./doctor.js")).doctor(argv, io),
    usage: "conductor doctor [DIR] [--base BRANCH] [--json]",
  },
};

const usageOf = (subcommands: Record<string, SubcommandEntry>): string =>
  ["usage:", ...Object.values(subcommands).map(({ usage }) => `  ${usage}`)].join("\n");

/**
 * Runs `conductor <subcommand> …` and returns the exit code: 0 done, 1 the work failed (e.g. spec
 * errors), 2 a bad command line. The one catch of the CLI: nothing thrown escapes as a stack trace.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  more: Record<string, SubcommandEntry> = {},
): Promise<number> {
  // `--help` lists the spec's subcommands, then the sandbox's, then the doctor.
  const all = { ...SPEC_SUBCOMMANDS, ...more, ...REPOSITORY_SUBCOMMANDS };
  const usage = usageOf(all);
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.err : io.out)(usage);
    return name === undefined ? 2 : 0;
  }
  const subcommand = Object.hasOwn(all, name) ? all[name] : undefined;
  if (subcommand === undefined) {
    io.err(`conductor: unknown command "${name}"\n${usage}`);
    return 2;
  }
  try {
    return await subcommand.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`conductor ${name}: ${error.message}\nusage: ${subcommand.usage}`);
      return 2;
    }
    io.err(
      `conductor ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  }
}
