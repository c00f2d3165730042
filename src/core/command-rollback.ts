import { currentPhase } from "./advance.js";
import { cancelRunning } from "./dispatch.js";
import type { ModuleRecord } from "./record.js";
import { eid, emit, hasOpenPull, log, type Step, setStatus } from "./step.js";
import { reopenSubIssue } from "./sub-issues.js";

/** Forget a module's work so it starts again from its phase base with a new PR. */
function resetModule(m: ModuleRecord): void {
  if (m.pr !== null) m.old_prs.push(m.pr);
  m.state = "pending";
  m.pr = null;
  m.base_sha = null;
  m.head_sha = null;
  m.heads = [];
  m.gate = null;
  m.approved_sha = null;
  m.approvers = [];
  m.merge_sha = null;
  m.due_at = null;
  m.next_mode = "implement";
  m.window += 1;
  m.infra_streak = 0;
}

/** `/rollback` on an open module PR: reset its branch to the phase base; it waits for `/retry`. */
export function rollbackModule(s: Step, m: ModuleRecord, sender: string): string | null {
  const { r } = s;
  if (!hasOpenPull(m) || m.pr === null || m.base_sha === null || m.state === "opening") {
    return `${m.name} has no open PR with work to roll back`;
  }
  if (m.state === "merging" || m.state === "updating") return `${m.name} is being merged; try again in a moment`;
  r.rollbacks += 1;
  cancelRunning(s, m);
  emit(s, {
    type: "ResetBranch",
    id: eid(s, "reset", m.key, r.rollbacks),
    branch: m.branch,
    sha: m.base_sha,
    module: m.key,
  });
  m.state = "rolled_back";
  m.head_sha = null;
  m.gate = null;
  m.approved_sha = null;
  m.approvers = [];
  m.due_at = null;
  m.next_mode = "implement";
  m.window += 1;
  m.reason = `rolled back by @${sender} to ${m.base_sha.slice(0, 7)}; /retry to run it again`;
  log(s, `${m.name}: ${m.reason}`);
  return null;
}

/**
 * `/rollback [phase-N]`: return to the checkpoint before phase N (default: the last checkpoint), close
 * the later module PRs with the reason, and wait for `/retry`. Conductor's integration branch is reset;
 * a base branch that is not Conductor's own is never rewritten: a restore PR is opened instead.
 */
export function rollbackPhase(s: Step, phase: number | null, sender: string): string | null {
  const { r } = s;
  const phases = r.plan?.phases ?? [];
  const current = currentPhase(r) ?? phases[phases.length - 1]?.number;
  const last = r.checkpoints[r.checkpoints.length - 1];
  const target =
    phase ?? (last ? phases[phases.findIndex((p) => p.number === last.phase) + 1]?.number : phases[0]?.number);
  const index = phases.findIndex((p) => p.number === target);
  if (target === undefined || index < 0 || current === undefined || target > current) {
    return target === undefined
      ? "every phase is merged; name the phase to roll back, e.g. `/rollback phase-2`"
      : `phase ${target} has not started`;
  }
  const before = phases[index - 1];
  const checkpoint = before ? r.checkpoints.find((c) => c.phase === before.number) : undefined;
  const sha = before ? checkpoint?.sha : r.initial_sha;
  if (!sha) return `there is no checkpoint to return to before phase ${target}`;
  r.rollbacks += 1;
  const reason = `@${sender} rolled the task back to ${before ? `the checkpoint of phase ${before.number}` : "its start"} (${sha.slice(0, 7)})`;
  const closed: number[] = [];
  for (const m of r.modules.filter((x) => x.phase >= target)) {
    cancelRunning(s, m);
    if (hasOpenPull(m) && m.pr !== null) {
      emit(s, { type: "ClosePullRequest", id: eid(s, "close", m.key, m.pr), module: m.key, pr: m.pr, reason });
      closed.push(m.pr);
    }
    // Its merge is undone: the sub-issue is open again (docs/task-graph.md#sub-issues).
    reopenSubIssue(s, m);
    resetModule(m);
  }
  r.checkpoints = r.checkpoints.filter((c) => c.phase < target);
  if (r.integration_branch) {
    emit(s, {
      type: "ResetBranch",
      id: eid(s, "rollback", r.rollbacks),
      branch: r.integration_branch,
      sha,
      module: null,
    });
    r.integration_head = sha;
  } else {
    emit(s, {
      type: "OpenRestorePullRequest",
      id: eid(s, "restore", r.rollbacks),
      base: r.base_branch,
      to_sha: sha,
      phase: target,
      reason,
    });
  }
  setStatus(r, "rolled_back");
  log(s, `${reason}; closed ${closed.length} PR(s); /retry to run phase ${target} again`);
  emit(s, {
    type: "Comment",
    id: eid(s, "rollback-done", r.rollbacks),
    target: { kind: "issue" },
    body: `${reason}.${closed.length > 0 ? ` Closed ${closed.map((n) => `#${n}`).join(", ")}.` : ""} Comment \`/retry\` to run phase ${target} again.`,
  });
  return null;
}
