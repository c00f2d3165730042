import { SIMULATE_USAGE } from "../../sandbox/cli/simulate-help.js";
import { type CliIo, type Subcommand, UsageError } from "./io.js";
import { PLAN_USAGE, plan } from "./plan.js";
import { VALIDATE_CONFIG_USAGE, validateConfig } from "./validate-config.js";

/** Every subcommand, one file each under `src/cli/`; adding one is a file and a line here. */
const SUBCOMMANDS: Record<string, { run: Subcommand; usage: string }> = {
  plan: { run: plan, usage: PLAN_USAGE },
  "validate-config": { run: validateConfig, usage: VALIDATE_CONFIG_USAGE },
  // Loaded on use: the sandbox world brings Probot, the executor and the sandbox with it.
  demo: {
    run: async (argv, io) => (await import("../../sandbox/cli/demo.js")).demo(argv, io),
    usage: "conductor demo",
  },
  simulate: {
    run: async (argv, io) => (await import("../../sandbox/cli/simulate.js")).simulate(argv, io),
    usage: SIMULATE_USAGE,
  },
  doctor: {
    run: async (argv, io) => (await import("./doctor.js")).doctor(argv, io),
    usage: "conductor doctor [DIR] [--base BRANCH] [--json]",
  },
};

const USAGE = ["usage:", ...Object.values(SUBCOMMANDS).map(({ usage }) => `  ${usage}`)].join("\n");

/**
 * Runs `conductor <subcommand> …` and returns the exit code: 0 done, 1 the work failed (e.g. spec
 * errors), 2 a bad command line. The one catch of the CLI: nothing thrown escapes as a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (subcommand === undefined) {
    io.err(`conductor: unknown command "${name}"\n${USAGE}`);
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
