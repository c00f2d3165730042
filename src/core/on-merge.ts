import { advance } from "./advance.js";
import { applyGate } from "./apply-gate.js";
import { cancelRunning } from "./dispatch.js";
import { escalate } from "./escalate.js";
import type { EventOf } from "./events.js";
import { findHead, headFacts, setHead } from "./heads.js";
import type { ModuleRecord } from "./record.js";
import { eid, emit, findModule, isTerminal, log, type Step } from "./step.js";
import { completeSubIssue } from "./sub-issues.js";

/** The module PR merged (by Conductor's `Merge`, or by a human): the phase may be complete. */
export function onPullMerged(s: Step, event: EventOf<"PullMerged">): void {
  const { r } = s;
  const m = findModule(r, event.module);
  if (!m || m.state === "merged" || m.pr !== event.number) return;
  if (m.state !== "merging") log(s, `${m.name}: PR merged outside Conductor`);
  cancelRunning(s, m);
  m.state = "merged";
  m.merge_sha = event.merge_sha;
  m.merged_at = s.ctx.now;
  m.due_at = null;
  m.reason = null;
  r.integration_head = event.merge_sha;
  completeSubIssue(s, m);
  log(s, `${m.name}: merged as ${event.merge_sha.slice(0, 7)}`);
  advance(s);
}

/** The module PR was closed without merging. Conductor's own closes already marked it; a human's stops the task. */
export function onPullClosed(s: Step, event: EventOf<"PullClosed">): void {
  const m = findModule(s.r, event.module);
  if (!m || m.pr !== event.number || isTerminal(s.r)) return;
  if (m.state === "merged" || m.state === "closed" || m.state === "pending") return;
  cancelRunning(s, m);
  m.state = "closed";
  m.due_at = null;
  m.reason = `PR #${m.pr ?? "?"} was closed without merging`;
  escalate(s, `${m.name}: ${m.reason}; /retry on the issue opens a new PR`, [m.key]);
}

/**
 * The merge API refused the verified SHA. Behind or dirty → update the branch once for this head; a
 * real conflict → an attempt whose brief says to resolve it, in a fresh budget window (the work itself
 * was green); a moved head is never merged and waits for `/retry`.
 */
export function onMergeRejected(s: Step, event: EventOf<"MergeRejected">): void {
  const { r, ctx } = s;
  const m = findModule(r, event.module);
  // `updating`: the update-branch itself hit a real conflict.
  const waiting = m?.state === "merging" || m?.state === "updating";
  if (!m || !waiting || m.head_sha !== event.head_sha || m.pr === null) return;
  const head = headFacts(m, event.head_sha, ctx.now);
  if (event.reason === "head_moved") {
    head.head_moved = true;
    m.state = "failed";
    m.gate = null;
    m.reason = `the head of PR #${m.pr} moved away from the verified ${event.head_sha.slice(0, 7)}`;
    escalate(s, `${m.name}: ${m.reason}; /retry on the PR runs the executor on the new head`, [m.key]);
    return;
  }
  if (event.reason === "blocked") {
    head.blocked += 1;
    mergeBlocked(s, m, event.message);
    return;
  }
  if (event.reason === "not_mergeable" && !head.updated) {
    head.updated = true;
    m.state = "updating";
    emit(s, {
      type: "UpdateBranch",
      id: eid(s, "update", m.key, event.head_sha),
      module: m.key,
      pr: m.pr,
      expected_head_sha: event.head_sha,
    });
    log(s, `${m.name}: not mergeable; updating the branch`);
    advance(s);
    return;
  }
  m.state = "backoff";
  m.due_at = ctx.now;
  m.next_mode = "resolve_conflict";
  m.window += 1;
  m.gate = null;
  m.reason = `merge conflict with ${r.integration_branch ?? r.base_branch}`;
  log(s, `${m.name}: ${m.reason}; an attempt will resolve it`);
  advance(s);
}

/**
 * The target branch's rules refused the merge. Another executor attempt cannot change branch rules, so the
 * module stays green and the task escalates with GitHub's words and the fix; `/retry` on the issue merges
 * again (the head's `blocked` count is part of the merge effect's id, so it is a new decision).
 */
function mergeBlocked(s: Step, m: ModuleRecord, message: string | undefined): void {
  const { r } = s;
  const target = r.integration_branch ?? r.base_branch;
  m.state = "green";
  m.reason = `GitHub's rules for ${target} refused the merge${message ? `: "${message}"` : ""}`;
  const fix = r.integration_branch
    ? "exempt `conductor/**` from the branch protection or rulesets that require reviews, status checks or a merge queue"
    : `let the app bypass the rules of \`${target}\` (integration is off, so modules merge straight into it)`;
  escalate(s, `${m.name}: ${m.reason}. To fix: ${fix}; then /retry on the issue merges it`, [m.key]);
}

/**
 * Conductor's own update-branch merged the base into the module: the result still covers the new head
 * (the executor's work is unchanged), so it carries over; verify and CI run again on the new SHA.
 */
export function onBranchUpdated(s: Step, event: EventOf<"BranchUpdated">): void {
  const { ctx } = s;
  const m = findModule(s.r, event.module);
  if (m?.state !== "updating" || m.head_sha === null || m.pr === null) return;
  const previous = findHead(m, m.head_sha);
  const approved = m.approved_sha === m.head_sha;
  const head = setHead(m, event.head_sha, ctx.now);
  head.result_attempt = previous?.result_attempt ?? null;
  if (approved) m.approved_sha = event.head_sha;
  m.state = "verifying";
  if (head.result_attempt !== null) {
    emit(s, {
      type: "CreateVerifyCheck",
      id: eid(s, "verify", m.key, event.head_sha, head.result_attempt),
      module: m.key,
      pr: m.pr,
      head_sha: event.head_sha,
      attempt: head.result_attempt,
      // No executor ran for this head, so no verify job will: the re-verification of the attempt's own
      // head stands, and CI tests the merged base (docs/security.md#independent-re-verification).
      reverify: "off",
    });
  }
  applyGate(s, m);
  advance(s);
}
