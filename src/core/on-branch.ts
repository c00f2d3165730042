import { advance } from "./advance.js";
import type { EventOf } from "./events.js";
import { findHead } from "./heads.js";
import { eid, emit, findModule, isTerminal, log, type Step } from "./step.js";

/** The integration branch exists: phase 1 starts from its head. */
export function onIntegrationBranchCreated(s: Step, event: EventOf<"IntegrationBranchCreated">): void {
  const { r } = s;
  if (r.initial_sha !== null || r.integration_branch !== event.branch) return;
  r.initial_sha = event.sha;
  r.integration_head = event.sha;
  log(s, `integration branch ${event.branch} created at ${event.sha.slice(0, 7)}`);
  advance(s);
}

/** A module branch exists. Without an integration branch, the first one fixes phase 1's base. */
export function onBranchCreated(s: Step, event: EventOf<"BranchCreated">): void {
  const { r } = s;
  const m = findModule(r, event.module);
  if (m?.state !== "opening") return;
  if (m.base_sha === null) m.base_sha = event.sha;
  if (r.integration_branch === null && r.initial_sha === null && m.phase === r.plan?.phases[0]?.number) {
    r.initial_sha = event.sha;
    r.integration_head = event.sha;
  }
}

/**
 * The draft PR is open: the module's first attempt is due now. A PR that opens after its module moved
 * on (an abort or rollback while the open was in flight) is an orphan and is closed again.
 */
export function onPullOpened(s: Step, event: EventOf<"PullOpened">): void {
  const { r, ctx } = s;
  const m = findModule(r, event.module);
  if (!m || m.pr === event.number || m.old_prs.includes(event.number)) return;
  if (m.state !== "opening" || isTerminal(r)) {
    m.old_prs.push(event.number);
    emit(s, {
      type: "ClosePullRequest",
      id: eid(s, "close", m.key, event.number),
      module: m.key,
      pr: event.number,
      reason: "Conductor no longer needs this PR: the task was aborted or rolled back while it was being opened.",
    });
    return;
  }
  m.pr = event.number;
  m.state = "backoff";
  m.due_at = ctx.now;
  if (event.draft === false) {
    r.drafts_refused = true;
    log(s, `${m.name}: PR #${event.number} opened ready for review (GitHub refuses draft PRs in this repository)`);
  } else {
    log(s, `${m.name}: draft PR #${event.number} opened`);
  }
  advance(s);
}

/** The final PR is open; its number goes into the dashboard. */
export function onFinalPullOpened(s: Step, event: EventOf<"FinalPullOpened">): void {
  if (s.r.final_pr === event.number) return;
  s.r.final_pr = event.number;
  log(s, `final PR #${event.number} opened`);
}

/** The run id lets a cancel find the run without searching by nonce. */
export function onDispatched(s: Step, event: EventOf<"Dispatched">): void {
  const m = findModule(s.r, event.module);
  const attempt = m?.attempts.find((a) => a.number === event.attempt && a.nonce === event.nonce);
  if (!attempt || attempt.run_id !== null || event.run_id === null) return;
  attempt.run_id = event.run_id;
}

/**
 * A push to the module branch. The app's own pushes are reported by the result or `BranchUpdated`.
 * A human's push moves the head away from what the executor's result covers, so the module can no
 * longer go green by itself: it stops and waits for `/retry`, which runs the executor on the new head.
 */
export function onPullSynchronized(s: Step, event: EventOf<"PullSynchronized">): void {
  const m = findModule(s.r, event.module);
  if (!m || event.by_app || m.head_sha === event.head_sha || findHead(m, event.head_sha)) return;
  if (!["verifying", "green", "updating"].includes(m.state)) return;
  m.state = "failed";
  m.reason = `someone pushed ${event.head_sha.slice(0, 7)} by hand; the executor's result no longer covers the head — comment /retry on the PR to continue`;
  m.gate = null;
  log(s, `${m.name}: a human pushed to the branch; waiting for /retry`);
}
