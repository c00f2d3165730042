import type { FailedCheck, VerifyFinding } from "../protocol/feedback.js";
import type { Result } from "../protocol/result.js";

/**
 * Failure signatures: the same signature twice in a row (`retries.same_failure_limit`) means the
 * executor is going round in circles. They are built from what failed and where, with numbers removed,
 * so durations, counts and timestamps in a summary do not make two identical failures look different.
 */
const normalize = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[0-9]+/g, "#")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 80);

const sorted = (values: Iterable<string>): string => [...new Set(values)].sort().join(",");

/** Signature of a red gate: failed checks with their annotated locations and summaries, and verify rules. */
export function gateSignature(failed: readonly FailedCheck[], findings: readonly VerifyFinding[]): string {
  const checks = failed.map((c) => {
    const places = sorted(c.annotations.map((a) => `${a.path}:${a.line ?? ""}`));
    return `${c.name}[${places}]{${normalize(c.summary)}}`;
  });
  const rules = findings.map((f) => `${f.rule}@${f.path ?? ""}`);
  return `gate:checks=${sorted(checks)};verify=${sorted(rules)}`;
}

/** Signature of a result that was not done: its status, why it stopped, and the items it failed. */
export function resultSignature(result: Result): string {
  const items = result.items.filter((i) => i.status === "FAILED" || i.status === "PARTIALLY_FIXED").map((i) => i.id);
  const test = result.test && result.test.exit_code !== 0 ? "test-failed" : "";
  return `result:${result.status}:${result.stop_reason}:${sorted(items)}:${test}`;
}

/** Signature of an infrastructure failure (`no_result`, `error`, `run_timeout`). */
export function infraSignature(kind: string): string {
  return `infra:${kind}`;
}
