import { advance } from "./advance.js";
import { failAttempt } from "./failure.js";
import { gateFeedback } from "./failure-feedback.js";
import { evaluateGate } from "./gates.js";
import { findHead } from "./heads.js";
import type { ModuleRecord } from "./record.js";
import { requestReview } from "./request-review.js";
import { awaitsReview } from "./review-gate.js";
import { gateSignature } from "./signature.js";
import { log, type Step } from "./step.js";

/**
 * Decide the gate for the module's current head and act on it: green waits for the merge slot (and a
 * review when required), red fails the attempt whose result covers the head. Only modules that wait
 * on a gate are decided; the latest decision is kept per module for exactly one head SHA.
 */
export function applyGate(s: Step, m: ModuleRecord): void {
  const { r, ctx } = s;
  if ((m.state !== "verifying" && m.state !== "green") || m.head_sha === null) return;
  const head = findHead(m, m.head_sha);
  const decision = evaluateGate(m.head_sha, head, r.config, ctx.now);
  const { failed_checks, findings, escalate, ...gate } = decision;
  const changed = m.gate?.status !== gate.status || m.gate.head_sha !== gate.head_sha;
  if (changed || JSON.stringify(m.gate?.reasons) !== JSON.stringify(gate.reasons)) m.gate = gate;
  if (gate.status === "green") {
    if (m.state !== "green") {
      m.state = "green";
      m.reason = null;
      log(s, `${m.name}: gate green for ${gate.head_sha.slice(0, 7)}`);
    }
    // The AI reviewer (docs/ai-review.md) reads a head only once it is green: no review of work CI refuses.
    if (awaitsReview(r, head) && r.status === "running") requestReview(s, m);
    advance(s);
    return;
  }
  if (gate.status === "pending") {
    // A check re-run can take a green head back to pending; it must not merge meanwhile.
    if (m.state === "green") m.state = "verifying";
    return;
  }
  const attempt = m.attempts.find((a) => a.number === head?.result_attempt);
  if (!attempt) return;
  failAttempt(s, m, attempt, {
    kind: "red",
    reason: gate.reasons.join("; "),
    signature: gateSignature(failed_checks, findings),
    feedback: gateFeedback(attempt.number, gate.reasons, failed_checks, findings),
    // CI that never ran or never finished is not the executor's doing; it escalates uncharged.
    charged: escalate === null,
    escalate,
  });
  advance(s);
}
