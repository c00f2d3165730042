import type { Brief } from "../../src/protocol/brief.js";
import type { CommandRun } from "../../src/protocol/result.js";
import { tail } from "./cap-output.js";
import type { Logger } from "./logger.js";
import type { Redact } from "./redact.js";
import type { FinishReport } from "./tools/finish-report.js";
import type { CommandRunner } from "./tools/tool-context.js";

/** What the harness saw: the test command and, per item id, its two commands. */
export interface HarnessRuns {
  test: CommandRun | null;
  items: Map<string, { verification: CommandRun | null; hallucination_check: CommandRun | null }>;
}

export interface HarnessOptions {
  /** The same sandbox the model's commands ran in: the harness's runs hold no credential either. */
  runCommand: CommandRunner;
  redact: Redact;
  logger: Logger;
  /** Per command; the harness is what makes a result trustworthy, so it gets its own time. */
  timeoutMs: number;
}

/**
 * Runs, after the model is done, after changes outside the module's paths are reverted and the work is
 * committed (so on exactly the tree that is pushed), each in a fresh sandboxed shell: the brief's test
 * command, and for every item its verification (the brief's own when it has one, else the model's
 * `verification_command`) and the model's `hallucination_check`. The model never sees these runs; the
 * result records them, redacted.
 */
export async function runHarness(
  brief: Brief,
  report: FinishReport | null,
  options: HarnessOptions,
): Promise<HarnessRuns> {
  const run = async (command: string): Promise<CommandRun | null> => {
    if (command.trim() === "") return null;
    const result = await options.runCommand(command, { timeoutMs: options.timeoutMs, maxOutput: 20_000 });
    options.logger.info("harness ran", { command, exit_code: result.exitCode, timed_out: result.timedOut });
    return {
      command: options.redact(command),
      exit_code: result.exitCode,
      output_tail: options.redact(tail(result.output)),
      timed_out: result.timedOut,
    };
  };
  const test = brief.test_command ? await run(brief.test_command) : null;
  const items: HarnessRuns["items"] = new Map();
  for (const item of brief.items) {
    const reported = report?.items.find((r) => r.id === item.id);
    items.set(item.id, {
      verification: await run(item.verification || reported?.verification_command || ""),
      hallucination_check: await run(reported?.hallucination_check ?? ""),
    });
  }
  return { test, items };
}
