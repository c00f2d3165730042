import { incomingPath } from "../plan/task-file/task-file-path.js";
import { buildBrief } from "./brief.js";
import { dispatchNext } from "./dispatch.js";
import { startPoint } from "./graph.js";
import { findHead } from "./heads.js";
import { attemptNonce, moduleTitle } from "./ids.js";
import { statusLabels } from "./labels.js";
import type { ModuleRecord, ModuleState, TaskRecord } from "./record.js";
import { reviewAllowsMerge } from "./review-gate.js";
import { eid, emit, log, type Step } from "./step.js";
import { openSubIssues, subIssueReady } from "./sub-issues.js";

/** Module states that hold one of the `limits.max_parallel` slots. */
const IN_FLIGHT: readonly ModuleState[] = [
  "opening",
  "running",
  "verifying",
  "green",
  "merging",
  "updating",
  "backoff",
];

/** The first phase of the plan without a checkpoint, or null when every phase has one. */
export function currentPhase(r: TaskRecord): number | null {
  const done = new Set(r.checkpoints.map((c) => c.phase));
  return r.plan?.phases.find((p) => !done.has(p.number))?.number ?? null;
}

/**
 * Where the modules of `phase` branch from: the checkpoint of the phase before, or for the first phase
 * the integration branch's first head. Without an integration branch the first phase starts from the
 * base branch's head. Null while the integration branch is still being created.
 */
export function phaseBase(r: TaskRecord, phase: number): { sha: string } | { branch: string } | null {
  const phases = r.plan?.phases ?? [];
  const index = phases.findIndex((p) => p.number === phase);
  const before = index > 0 ? phases[index - 1] : undefined;
  if (before) {
    const checkpoint = r.checkpoints.find((c) => c.phase === before.number);
    return checkpoint ? { sha: checkpoint.sha } : null;
  }
  if (r.initial_sha) return { sha: r.initial_sha };
  return r.integration_branch ? null : { branch: r.base_branch };
}

function openModule(s: Step, m: ModuleRecord, from: { sha: string } | { branch: string }): void {
  const { r } = s;
  const number = m.attempts.length + 1;
  const brief = buildBrief(r, m, number, attemptNonce(r, m.key, number), m.next_mode);
  if (!brief) return;
  m.state = "opening";
  m.base_sha = "sha" in from ? from.sha : null;
  m.brief_attempt = number;
  emit(s, {
    type: "CreateBranch",
    id: eid(s, "branch", m.key, `w${m.window}`, number),
    branch: m.branch,
    from,
    reset_existing: true,
    module: m.key,
  });
  emit(s, {
    type: "OpenPullRequest",
    id: eid(s, "open", m.key, `w${m.window}`, number),
    module: m.key,
    head: m.branch,
    base: r.integration_branch ?? r.base_branch,
    title: moduleTitle(r.issue, m.phase, m.name),
    draft: true,
    brief,
  });
}

/**
 * A module of a later phase may take a slot only when the pending modules of earlier phases still have
 * one each: it cannot merge before they do, so holding their slots could wait forever.
 */
function sparesSlot(r: TaskRecord, m: ModuleRecord, slots: number): boolean {
  const earlier = r.modules.filter((x) => x.phase < m.phase && x.state === "pending").length;
  return slots > earlier;
}

/** Merge one green module at a time, so every merge lands on a known integration head. */
function mergeNext(s: Step, modules: ModuleRecord[]): void {
  const { r } = s;
  if (r.modules.some((m) => m.state === "merging")) return;
  for (const m of modules) {
    if (m.state !== "green" || m.pr === null || m.gate?.status !== "green" || m.gate.head_sha !== m.head_sha) continue;
    if (r.config.gates.review === "required" && m.approved_sha !== m.head_sha) continue;
    if (!reviewAllowsMerge(r, m)) continue;
    m.state = "merging";
    emit(s, {
      type: "Merge",
      id: mergeId(s, m, m.gate.head_sha),
      module: m.key,
      pr: m.pr,
      sha: m.gate.head_sha,
      method: r.config.merge.method,
    });
    return;
  }
}

/** After the branch rules refused a head and a `/retry`, the same head merges again: a new decision, a new id. */
function mergeId(s: Step, m: ModuleRecord, sha: string): string {
  const blocked = findHead(m, sha)?.blocked ?? 0;
  return blocked === 0 ? eid(s, "merge", m.key, sha) : eid(s, "merge", m.key, sha, `b${blocked}`);
}

function checkpoint(s: Step, phase: number, modules: ModuleRecord[]): void {
  const { r, ctx } = s;
  const sha = r.integration_head ?? modules[modules.length - 1]?.merge_sha;
  if (!sha) return;
  r.checkpoints.push({ phase, sha, at: ctx.now });
  emit(s, { type: "RecordCheckpoint", id: eid(s, "checkpoint", phase, r.rollbacks), phase, sha });
  log(s, `Phase ${phase}: go — ${modules.length}/${modules.length} modules merged; checkpoint ${sha.slice(0, 7)}`);
}

function finish(s: Step): void {
  const { r } = s;
  r.status = "done";
  const source = r.plan?.source;
  if (r.integration_branch && source) {
    emit(s, {
      type: "WriteIncomingFile",
      id: eid(s, "incoming"),
      branch: r.integration_branch,
      path: incomingPath(source, r.issue, source.component),
      results: r.modules.flatMap((m) => {
        const done = m.attempts.findLast((a) => a.result?.status === "done")?.result;
        return done && m.pr !== null ? [{ module: m.key, pr: m.pr, comment_id: done.comment_id }] : [];
      }),
    });
  }
  if (r.integration_branch) {
    emit(s, {
      type: "OpenFinalPullRequest",
      id: eid(s, "final"),
      head: r.integration_branch,
      base: r.base_branch,
      closes: r.issue,
    });
  }
  emit(s, { type: "SetLabels", id: eid(s, "labels", "done"), ...statusLabels("done") });
  log(s, "every phase merged; the task is done");
}

/**
 * Dispatch due attempts and open the modules whose prerequisites merged (the current phase's, and later
 * ones' with declared dependencies: graph.ts#startPoint), within `limits.max_parallel`.
 */
function startModules(s: Step, phase: number, base: { sha: string } | { branch: string }): void {
  const { r, ctx } = s;
  const open = r.modules.filter((m) => m.phase >= phase);
  let slots = r.config.limits.max_parallel - r.modules.filter((m) => IN_FLIGHT.includes(m.state)).length;
  for (const m of open) {
    if (r.status !== "running") return;
    if (m.state === "backoff" && m.due_at !== null && m.due_at <= ctx.now) dispatchNext(s, m);
  }
  for (const m of open) {
    if (slots <= 0 || r.status !== "running") break;
    if (m.state !== "pending") continue;
    const from = startPoint(r, m, phase, base);
    // With sub-issues on, a module's PR waits for its sub-issue so the PR body can link it.
    if (!from || !sparesSlot(r, m, slots) || !subIssueReady(s, m)) continue;
    openModule(s, m, from);
    slots -= 1;
  }
}

/**
 * Move a running task forward as far as the record allows: create the integration branch, open the
 * modules whose prerequisites merged (the current phase's, and later ones' with declared dependencies)
 * within `limits.max_parallel`, dispatch due attempts, merge one green module of the current phase,
 * checkpoint a finished phase and start the next, and open the final PR after the last.
 * Every handler calls this last, so the decision is made in one place whatever the event was.
 */
export function advance(s: Step): void {
  const { r } = s;
  // One round per phase at most; the bound only guards against a record that never makes progress.
  for (let round = 0; round <= (r.plan?.phases.length ?? 0); round++) {
    if (r.status !== "running" || !r.plan) return;
    openSubIssues(s);
    const phase = currentPhase(r);
    if (phase === null) {
      finish(s);
      return;
    }
    const base = phaseBase(r, phase);
    if (!base) {
      if (r.integration_branch) {
        emit(s, {
          type: "CreateBranch",
          id: eid(s, "integration"),
          branch: r.integration_branch,
          from: { branch: r.base_branch },
          reset_existing: true,
          module: null,
        });
      }
      return;
    }
    const modules = r.modules.filter((m) => m.phase === phase);
    // While an issue that blocks the task is open, nothing new starts; what is green still merges.
    if (r.blockers.length === 0) startModules(s, phase, base);
    if (r.status !== "running") return;
    mergeNext(s, modules);
    if (!modules.every((m) => m.state === "merged")) return;
    checkpoint(s, phase, modules);
  }
}
