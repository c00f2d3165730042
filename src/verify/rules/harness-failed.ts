import type { VerifyFinding } from "../../protocol/feedback.js";
import type { CommandRun } from "../../protocol/result.js";
import type { VerifyCheck } from "../verify-context.js";

const TAIL_LINES = 5;
const TAIL_CHARS = 500;

/**
 * What the harness (not the model) saw fail: an item's verification command or hallucination check, or
 * the test command, exiting non-zero or timing out. A command the brief or the result names that the
 * harness never ran counts too: a claim nobody checked is not verified.
 */
export const harnessFailed: VerifyCheck = ({ result, brief }) => {
  const findings = result.items.flatMap((item) => [
    ...check(`Item "${item.id}": verification command`, item.verification_command, item.harness.verification),
    ...check(`Item "${item.id}": hallucination check`, item.hallucination_check, item.harness.hallucination_check),
  ]);
  if (result.test !== null) findings.push(...check("Test command", result.test.command, result.test));
  else if (brief.test_command !== null) {
    findings.push(failure(`Test command \`${brief.test_command}\` was not run by the harness.`));
  }
  return findings;
};

function check(what: string, command: string, run: CommandRun | null): VerifyFinding[] {
  if (run === null) return command.trim() === "" ? [] : [failure(`${what} \`${command}\` was not run by the harness.`)];
  if (run.timed_out) return [failure(`${what} \`${run.command}\` timed out.${tail(run.output_tail)}`)];
  if (run.exit_code !== 0) {
    return [failure(`${what} \`${run.command}\` exited with ${run.exit_code}.${tail(run.output_tail)}`)];
  }
  return [];
}

function failure(message: string): VerifyFinding {
  return { rule: "harness_failed", critical: false, message };
}

/** The last lines of `output` in a fence it cannot close, after a blank line; empty when there is nothing. */
export function tail(output: string): string {
  const lines = output.trimEnd().split("\n").slice(-TAIL_LINES).join("\n");
  if (lines.trim() === "") return "";
  const capped = lines.length > TAIL_CHARS ? `…${lines.slice(-TAIL_CHARS)}` : lines;
  // A fence longer than any run of backticks in the output, so the output cannot close it.
  const longest = Math.max(2, ...(capped.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `\n\n${fence}\n${capped}\n${fence}`;
}
