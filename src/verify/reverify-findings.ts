import type { VerifyFinding } from "../protocol/feedback.js";
import type { CommandRun, Result } from "../protocol/result.js";
import type { Reverification } from "../protocol/reverify.js";
import { tail } from "./rules/harness-failed.js";

/** Why `conductor/verify` is being concluded: the verify job's record arrived, or the wait ran out. */
export type ReverifyOutcome =
  | { kind: "posted"; record: Reverification }
  | { kind: "missing"; waitedMinutes: number; deadline: boolean };

/**
 * The re-verification rules of `conductor/verify` (DESIGN §6, §8; docs/security.md#independent-re-verification):
 * every command the result claims an exit code for — the test command, each item's verification command
 * and hallucination check — must have been run again by the verify job on the same SHA, and must have
 * exited the same way. A finding names the command, the claimed and the observed exit code, and the
 * observed output's tail. Pure and total.
 */
export function reverifyFindings(result: Result, outcome: ReverifyOutcome): VerifyFinding[] {
  if (outcome.kind === "missing") {
    const why = outcome.deadline
      ? `none arrived within ${outcome.waitedMinutes} minutes of the result`
      : "none was found on the PR";
    return [
      missing(
        `No independent re-verification for attempt ${result.attempt}: ${why}. The executor workflow's verify job re-runs the result's commands on a fresh checkout of ${result.head_sha.slice(0, 7)} and the App posts what it saw; check that the workflow has that job (docs/executor.md#the-verify-job), or set gates.reverify: off.`,
      ),
    ];
  }
  const { record } = outcome;
  const findings: VerifyFinding[] = [];
  if (record.error !== undefined) {
    findings.push(missing(`The re-verification of attempt ${result.attempt} did not complete: ${record.error}`));
  }
  if (record.head_sha !== result.head_sha) {
    findings.push(
      mismatch(
        `The re-verification ran on ${record.head_sha.slice(0, 7)}, but the result is for ${result.head_sha.slice(0, 7)}.`,
      ),
    );
    return findings;
  }
  const compare = (what: string, claimed: CommandRun | null, observed: CommandRun | null | undefined) => {
    if (claimed === null) return;
    if (!observed) {
      // A record that already says why it stopped does not need a line per command it did not reach.
      if (record.error === undefined) findings.push(mismatch(`${what} \`${claimed.command}\` was not re-run.`));
      return;
    }
    if (observed.command !== claimed.command) {
      findings.push(
        mismatch(`${what}: the result claims \`${claimed.command}\`, but \`${observed.command}\` was re-run.`),
      );
      return;
    }
    if (observed.exit_code === claimed.exit_code && observed.timed_out === claimed.timed_out) return;
    findings.push(
      mismatch(
        `${what} \`${claimed.command}\`: the result claims exit ${describe(claimed)}, the re-verification observed exit ${describe(observed)}.${tail(observed.output_tail)}`,
      ),
    );
  };
  compare("Test command", result.test, record.test);
  for (const item of result.items) {
    const observed = record.items.find((i) => i.id === item.id);
    compare(`Item "${item.id}": verification command`, item.harness.verification, observed?.verification);
    compare(`Item "${item.id}": hallucination check`, item.harness.hallucination_check, observed?.hallucination_check);
  }
  return findings;
}

function describe(run: CommandRun): string {
  return run.timed_out ? `${run.exit_code} (timed out)` : String(run.exit_code);
}

function mismatch(message: string): VerifyFinding {
  return { rule: "reverify_mismatch", critical: false, message };
}

function missing(message: string): VerifyFinding {
  return { rule: "reverify_missing", critical: false, message };
}
