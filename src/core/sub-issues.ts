import { moduleTitle } from "./ids.js";
import type { ModuleRecord } from "./record.js";
import { eid, emit, type Step } from "./step.js";

/**
 * Sub-issues (`tracking.sub_issues`, docs/task-graph.md#sub-issues): each module gets a sub-issue of the task
 * issue, asked for when the plan starts running so the task issue lists the whole plan. A module opens its PR
 * only once its sub-issue is known, so the PR body can link it; without the API the task goes on without them.
 */
const wanted = (s: Step): boolean => s.r.config.tracking.sub_issues && s.r.sub_issues_unavailable === null;

/** Ask for the sub-issues the modules still lack (merged ones are not tracked after the fact). */
export function openSubIssues(s: Step): void {
  if (!wanted(s)) return;
  for (const m of s.r.modules) {
    if (m.sub_issue !== null || m.state === "merged") continue;
    emit(s, {
      type: "OpenSubIssue",
      id: eid(s, "sub-issue", m.key),
      module: m.key,
      title: moduleTitle(s.r.issue, m.phase, m.name),
    });
  }
}

/** A module may open its PR: sub-issues are off or unavailable, or its sub-issue exists. */
export function subIssueReady(s: Step, m: ModuleRecord): boolean {
  return !wanted(s) || m.sub_issue !== null;
}

function setState(
  s: Step,
  m: ModuleRecord,
  state: "open" | "closed",
  reason: "completed" | "not_planned" | "reopened",
) {
  const sub = m.sub_issue;
  if (sub === null || sub.open === (state === "open")) return;
  // Replaced, never edited: the transition's copy shares it with the record handed in (clone.ts).
  m.sub_issue = { ...sub, open: state === "open" };
  emit(s, {
    type: "SetSubIssueState",
    id: eid(s, "sub-issue", m.key, state, m.window, s.r.rollbacks),
    module: m.key,
    number: sub.number,
    state,
    reason,
  });
}

/** The module merged: its sub-issue is completed. */
export const completeSubIssue = (s: Step, m: ModuleRecord): void => setState(s, m, "closed", "completed");

/** A rollback undid the module's merge: its sub-issue is open again. */
export const reopenSubIssue = (s: Step, m: ModuleRecord): void => setState(s, m, "open", "reopened");

/** The module's work ends unmerged (abort, a changed plan): its sub-issue is closed as not planned. */
export const dropSubIssue = (s: Step, m: ModuleRecord): void => setState(s, m, "closed", "not_planned");
