import type { SubcommandEntry } from "../../src/cli/run.js";
import { SIMULATE_USAGE } from "./simulate-help.js";

/**
 * The sandbox's subcommands of `conductor` (docs/simulate.md): `bin/conductor.js` puts them beside the app's
 * own. Loaded on use: the sandbox world brings Probot, the executor and the sandbox with it.
 */
export const SANDBOX_SUBCOMMANDS: Record<string, SubcommandEntry> = {
  demo: { run: async (argv, io) => (await import("./demo.js")).demo(argv, io), usage: "conductor demo" },
  simulate: {
    run: async (argv, io) => (await import("./simulate.js")).simulate(argv, io),
    usage: SIMULATE_USAGE,
  },
};
