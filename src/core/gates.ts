import type { Config } from "../config/schema.js";
import type { FailedCheck, VerifyFinding } from "../protocol/feedback.js";
import type { ChecksSummary } from "./events.js";
import type { GateEvaluation, HeadFacts } from "./record.js";
import { quoteTail } from "./result-reason.js";

/** The reason DESIGN §1.6 asks for when no CI ran at all. */
export const NO_CHECKS_REASON = "no CI ran on PRs into conductor/** branches — does your CI filter on branches?";

/** A gate decision with what the next brief needs to hear about it. */
export type GateDecision = GateEvaluation & {
  failed_checks: FailedCheck[];
  findings: VerifyFinding[];
  /**
   * Set when retrying the executor cannot help (no CI at all, CI stuck past the timeout): the module
   * escalates with this reason instead of starting another attempt.
   */
  escalate: string | null;
};

/**
 * One answer per name: a name counts green only when every check run and commit status of that name on the
 * SHA is green, so a status posted under a required check's name cannot stand in for the real run while it
 * is still in progress (DESIGN §6: trust, but verify). Pending wins over everything, then failed.
 */
export function byName(summary: ChecksSummary): ChecksSummary {
  const pending = [...new Set(summary.pending)];
  const waiting = new Set(pending);
  const failedByName = new Map<string, FailedCheck>();
  for (const c of summary.failed) if (!waiting.has(c.name) && !failedByName.has(c.name)) failedByName.set(c.name, c);
  const passed = [...new Set(summary.passed)].filter((n) => !waiting.has(n) && !failedByName.has(n));
  return { pending, passed, failed: [...failedByName.values()], none_seen: summary.none_seen };
}

/**
 * Only the checks `gates.checks` names count when it lists them; a named check that has not been seen
 * is pending. With `all` the adapter's summary is taken as it is, one answer per name.
 */
export function requiredChecks(summary: ChecksSummary, config: Config): ChecksSummary {
  const names = config.gates.checks;
  const all = byName(summary);
  if (names === "all") return all;
  const passed = all.passed.filter((n) => names.includes(n));
  const failed = all.failed.filter((c) => names.includes(c.name));
  const concluded = new Set([...passed, ...failed.map((c) => c.name)]);
  const pending = names.filter((n) => !concluded.has(n));
  return { pending, passed, failed, none_seen: all.none_seen };
}

/**
 * The gate of DESIGN §1.6 for one head SHA: the executor's result for that SHA says done, the
 * `conductor/verify` check passed, and every required check concluded success, neutral or skipped with
 * none pending. A failure waits until nothing is pending, so the next brief hears about every failing
 * check at once. `head` is `undefined` when nothing at all is known about the SHA yet.
 */
export function evaluateGate(sha: string, head: HeadFacts | undefined, config: Config, now: number): GateDecision {
  const decision: GateDecision = {
    head_sha: sha,
    status: "pending",
    reasons: [],
    at: now,
    failed_checks: [],
    findings: [],
    escalate: null,
  };
  if (!head) return { ...decision, reasons: [`nothing known yet about ${sha.slice(0, 7)}`] };
  const pending: string[] = [];
  const failing: string[] = [];
  if (head.head_moved) return { ...decision, reasons: ["the PR head moved away from this SHA"] };
  if (head.result_attempt === null) pending.push("waiting for the executor's result for this SHA");
  if (head.verify === null) {
    pending.push(
      config.gates.reverify === "required"
        ? "waiting for conductor/verify and the re-verification it compares"
        : "waiting for conductor/verify",
    );
  } else if (head.verify.findings.length > 0) {
    decision.findings = head.verify.findings;
    failing.push(`conductor/verify: ${[...new Set(head.verify.findings.map((f) => f.rule))].join(", ")}`);
  }
  const timedOut = now - head.seen_at >= config.gates.checks_timeout_minutes * 60_000;
  const checks = head.checks ? requiredChecks(head.checks, config) : null;
  const nothingRan = checks === null || (checks.none_seen && checks.pending.length === 0);
  if (nothingRan) {
    if (!timedOut) pending.push("waiting for CI checks to start");
    else if (!config.gates.allow_no_checks) {
      return { ...decision, status: "red", reasons: [NO_CHECKS_REASON], escalate: NO_CHECKS_REASON };
    }
  } else {
    if (checks.pending.length > 0) {
      if (timedOut) {
        const reason = `checks still pending after ${config.gates.checks_timeout_minutes} minutes: ${checks.pending.join(", ")}`;
        return { ...decision, status: "red", reasons: [reason], escalate: reason };
      }
      pending.push(`checks pending: ${checks.pending.join(", ")}`);
    }
    if (checks.failed.length > 0) {
      decision.failed_checks = checks.failed;
      failing.push(`checks failed: ${checks.failed.map((c) => c.name).join(", ")}${checkTail(checks.failed)}`);
    }
  }
  // With `gates.reverify: required` the tick concludes a verify still waiting for its re-verification at
  // `checks_timeout_minutes` after the result (on-reverify.ts, after one more look for a lost comment), so
  // the gate gives verify a second such window: timing out in the same tick would pre-empt that deadline.
  const verifyWindows = config.gates.reverify === "required" ? 2 : 1;
  const verifyMinutes = config.gates.checks_timeout_minutes * verifyWindows;
  if (head.verify === null && now - head.seen_at >= verifyMinutes * 60_000) {
    // Verify is Conductor's own check: missing after the timeout means the adapter lost it, not the executor.
    const reason = `conductor/verify did not report within ${verifyMinutes} minutes`;
    return { ...decision, status: "red", reasons: [reason], escalate: reason };
  }
  if (pending.length > 0) return { ...decision, reasons: [...pending, ...failing] };
  if (failing.length > 0) return { ...decision, status: "red", reasons: failing };
  return { ...decision, status: "green", reasons: ["result done, conductor/verify passed, required checks green"] };
}

/** The end of the first failed check's summary (its log tail, as CI apps write it), so a reason shows the error. */
function checkTail(failed: readonly FailedCheck[]): string {
  const first = failed.find((c) => c.summary.trim() !== "");
  const tail = first ? quoteTail(first.summary.replace(/^\s*```\w*\s*$/gm, "")) : "";
  return first && tail ? ` — ${first.name}: ${tail}` : "";
}

/**
 * Folds a newer checks summary into what is known: a concluded failure never goes back to pending when
 * webhooks arrive out of order, and between two conclusions the later report wins (a re-run). A name the
 * newer read sees in progress is pending even if it passed before: a re-run, or a second run or status of
 * that name appeared, and green needs every one of them green (`byName`). A stale "in progress" costs only a
 * wait: the sweep reads the checks of a head that still has pending ones (src/github/to-event/tick.ts).
 */
export function mergeChecks(known: ChecksSummary | null, incoming: ChecksSummary): ChecksSummary {
  const next = byName(incoming);
  if (!known) return next;
  const failedByName = new Map(known.failed.map((c) => [c.name, c]));
  const passed = new Set(known.passed);
  for (const name of next.passed) {
    passed.add(name);
    failedByName.delete(name);
  }
  for (const check of next.failed) {
    failedByName.set(check.name, check);
    passed.delete(check.name);
  }
  for (const name of next.pending) passed.delete(name);
  const concluded = new Set([...passed, ...failedByName.keys()]);
  const pending = [...new Set([...known.pending, ...next.pending])].filter((n) => !concluded.has(n));
  return {
    pending,
    passed: [...passed],
    failed: [...failedByName.values()],
    none_seen: known.none_seen && next.none_seen,
  };
}
