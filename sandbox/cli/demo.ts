import { type CliIo, UsageError } from "../../src/cli/io.js";
import { SAMPLE_SPEC } from "../world.js";
import { printableDashboard, runSimulation } from "./simulate.js";

export const DEMO_USAGE = "conductor demo";

/**
 * `npm run demo`: the sample task (`examples/sample-task.md`, three phases of three modules) run start
 * to end in the sandbox world — the real app, the real executor with a scripted model, CI running the
 * modules' real tests — with no credentials and no network. Prints the timeline and the final
 * dashboard; exits 0 only when the task is done.
 */
export async function demo(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length > 0) throw new UsageError(`demo takes no arguments, not "${argv.join(" ")}"`);
  io.out("Conductor demo: the task in examples/sample-task.md, on examples/sample-repo, in a local sandbox.");
  io.out("No credentials, no network: GitHub is in-process, the model is scripted, CI runs the real tests.\n");
  return runSimulation({ specFile: SAMPLE_SPEC, fail: [], seed: 1, ci: true }, async (world, elapsedMs) => {
    const summary = await world.summary();
    const record = await world.record();
    io.out("Timeline (event → effects):");
    for (const line of world.timeline.lines()) io.out(`  ${line}`);
    io.out("\nFinal dashboard (issue #1):\n");
    io.out(printableDashboard(world));
    io.out("");
    const modules = summary.phases.flatMap((p) => p.modules);
    const merged = modules.filter((m) => m.merged).length;
    io.out(
      `${summary.status === "done" ? "Done" : `Not done (${summary.status})`}: ${merged}/${modules.length} module PRs merged into ${record?.integration_branch ?? "the integration branch"}, final PR #${record?.final_pr ?? "?"} (Closes #${world.issue}).`,
    );
    io.out(
      `${world.executions.length} executor runs, ${world.ciRuns.length} CI runs, ${summary.api_calls} GitHub API requests, ${(elapsedMs / 1000).toFixed(1)} s.`,
    );
  });
}
