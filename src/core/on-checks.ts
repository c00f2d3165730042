import { hasRole } from "../config/roles.js";
import { advance } from "./advance.js";
import { applyGate } from "./apply-gate.js";
import { cancelRunning } from "./dispatch.js";
import { escalate } from "./escalate.js";
import type { EventOf } from "./events.js";
import { gateFeedback } from "./failure-feedback.js";
import { mergeChecks } from "./gates.js";
import { headFacts } from "./heads.js";
import { gateSignature } from "./signature.js";
import { findModule, log, type Step } from "./step.js";

/**
 * `conductor/verify` reported for a SHA. A critical finding (a secret, a protected path) stops the
 * module and escalates at once, whichever head it was found on; the rest feeds the gate.
 */
export function onVerifyCompleted(s: Step, event: EventOf<"VerifyCompleted">): void {
  const { r, ctx } = s;
  const m = findModule(r, event.module);
  if (!m) return;
  const head = headFacts(m, event.head_sha, ctx.now);
  if (head.verify !== null) return;
  head.verify = { findings: event.findings };
  const critical = event.findings.filter((f) => f.critical);
  if (critical.length === 0) {
    applyGate(s, m);
    return;
  }
  const reason = `critical verify finding on ${event.head_sha.slice(0, 7)}: ${critical.map((f) => f.message).join("; ")}`;
  const attempt = m.attempts.find((a) => a.number === head.result_attempt);
  if (attempt && attempt.state !== "failed") {
    attempt.state = "failed";
    attempt.ended_at = ctx.now;
    attempt.signature = gateSignature([], critical);
    attempt.feedback = gateFeedback(attempt.number, [reason], [], event.findings);
  }
  if (m.state !== "merged" && m.state !== "closed") {
    cancelRunning(s, m);
    m.state = "failed";
    m.due_at = null;
    m.reason = reason;
    m.gate = { head_sha: event.head_sha, status: "red", reasons: [reason], at: ctx.now };
  }
  escalate(s, `${m.name}: ${reason}`, [m.key]);
}

/** The required checks for a SHA moved on; facts are merged so an older report never undoes a newer one. */
export function onChecksCompleted(s: Step, event: EventOf<"ChecksCompleted">): void {
  const m = findModule(s.r, event.module);
  if (!m) return;
  const head = headFacts(m, event.head_sha, s.ctx.now);
  head.checks = mergeChecks(head.checks, event.checks);
  if (event.head_sha === m.head_sha) applyGate(s, m);
}

/**
 * A human review (`gates.review: required`). An approval counts for exactly the head it was given on, and
 * one for an older head never replaces the approval of the current head (webhooks arrive in any order). A
 * comment-only review says neither yes nor no. Changes requested on the approved head revoke the approval;
 * so does a dismissed approval, once no other reviewer's approval is left. A dismissal is matched by
 * reviewer, not by SHA, since our own update-branch carries an approval over to a new head.
 */
export function onReviewSubmitted(s: Step, event: EventOf<"ReviewSubmitted">): void {
  const m = findModule(s.r, event.module);
  if (!m) return;
  switch (event.state) {
    case "approved":
      if (!hasRole(event.role, "write")) {
        log(s, `${m.name}: the approval by @${event.reviewer} does not count: approvals need write access`);
        return;
      }
      if (m.approved_sha === event.head_sha) {
        // Replaced, not pushed: `approvers` is shared with the record handed in (clone.ts).
        if (!m.approvers.includes(event.reviewer)) m.approvers = [...m.approvers, event.reviewer];
        return;
      }
      if (m.approved_sha !== null && m.approved_sha === m.head_sha && event.head_sha !== m.head_sha) {
        log(s, `${m.name}: @${event.reviewer} approved an older head; the current head's approval stands`);
        return;
      }
      m.approved_sha = event.head_sha;
      m.approvers = [event.reviewer];
      log(s, `${m.name}: approved by @${event.reviewer}`);
      advance(s);
      return;
    case "changes_requested":
      if (m.approved_sha !== event.head_sha) return;
      m.approved_sha = null;
      m.approvers = [];
      log(s, `${m.name}: @${event.reviewer} requested changes`);
      return;
    case "dismissed": {
      if (m.approved_sha === null) return;
      const others = m.approvers.filter((login) => login !== event.reviewer);
      // Only the dismissed reviewer's approval goes; an older record without approvers revokes on its SHA.
      if (others.length === m.approvers.length && !(m.approvers.length === 0 && m.approved_sha === event.head_sha)) {
        return;
      }
      m.approvers = others;
      if (others.length === 0) m.approved_sha = null;
      log(s, `${m.name}: the approval by @${event.reviewer} was dismissed`);
      return;
    }
    case "commented":
      return;
    default: {
      const _exhaustive: never = event.state;
      throw new Error(`unknown review state ${String(_exhaustive)}`);
    }
  }
}
