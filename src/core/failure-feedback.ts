import type { FailedCheck, Feedback, VerifyFinding } from "../protocol/feedback.js";
import type { Result } from "../protocol/result.js";
import { resultReason } from "./result-reason.js";

/** The most log text a single piece of feedback carries into a brief. */
export const LOG_TAIL_MAX = 4000;

const tail = (text: string): string => (text.length > LOG_TAIL_MAX ? text.slice(-LOG_TAIL_MAX) : text);

/** Feedback for a result that came back not done: what the harness saw and the items that failed. */
export function resultFeedback(attempt: number, result: Result): Feedback {
  const failedItems = result.items.filter((i) => i.status === "FAILED" || i.status === "PARTIALLY_FIXED");
  const harness = result.items.flatMap((i) =>
    [i.harness.verification, i.harness.hallucination_check].flatMap((run) =>
      run && run.exit_code !== 0 ? [`$ ${run.command}\n(exit ${run.exit_code})\n${run.output_tail}`] : [],
    ),
  );
  const test =
    result.test && result.test.exit_code !== 0
      ? [`$ ${result.test.command}\n(exit ${result.test.exit_code})\n${result.test.output_tail}`]
      : [];
  const parts = [
    ...failedItems.map((i) => `${i.id} ${i.status}: ${i.problems_encountered.join("; ")}`),
    ...harness,
    ...test,
    ...(result.error ? [result.error] : []),
  ];
  return {
    attempt,
    reason: resultReason(result),
    failed_checks: [],
    verify_findings: [],
    log_tail: tail(parts.join("\n\n")),
  };
}

/** Feedback for a red gate: the failed checks with their summaries and annotations, and verify findings. */
export function gateFeedback(
  attempt: number,
  reasons: readonly string[],
  failed: readonly FailedCheck[],
  findings: readonly VerifyFinding[],
): Feedback {
  return {
    attempt,
    reason: reasons.join("; "),
    failed_checks: [...failed],
    verify_findings: [...findings],
    log_tail: tail(failed.map((c) => `## ${c.name} (${c.conclusion})\n${c.summary}`).join("\n\n")),
  };
}

/** Feedback for an infrastructure failure, so the next attempt knows the previous one never finished. */
export function infraFeedback(attempt: number, reason: string): Feedback {
  return { attempt, reason, failed_checks: [], verify_findings: [], log_tail: "" };
}
