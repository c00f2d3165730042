import { advance } from "./advance.js";
import type { EventOf } from "./events.js";
import { findModule, log, type Step } from "./step.js";
import { completeSubIssue } from "./sub-issues.js";

/** The sub-issue exists; a module that waited for it may now open its PR. */
export function onSubIssueOpened(s: Step, event: EventOf<"SubIssueOpened">): void {
  const m = findModule(s.r, event.module);
  if (!m || m.sub_issue?.number === event.number) return;
  m.sub_issue = { number: event.number, id: event.issue_id, open: true, assignees: [...event.assignees] };
  log(s, `${m.name}: sub-issue #${event.number}`);
  // Tracking turned on by a `/retry` while the module ran: it may have merged before its sub-issue came.
  if (m.state === "merged") completeSubIssue(s, m);
  advance(s);
}

/**
 * The sub-issues API is not there (or an `OpenSubIssue` was given up): one warning in the dashboard, and the
 * modules go on without sub-issues, since tracking is an aid and never a gate.
 */
export function subIssuesUnavailable(s: Step, error: string): void {
  if (s.r.sub_issues_unavailable !== null) return;
  s.r.sub_issues_unavailable = error;
  log(s, `sub-issues are unavailable (${error}); the task goes on without them`);
  advance(s);
}

/** A sub-issue's assignees changed: they are who that module's escalations mention. */
export function onSubIssueAssigned(s: Step, event: EventOf<"SubIssueAssigned">): void {
  const m = findModule(s.r, event.module);
  const sub = m?.sub_issue;
  if (!m || !sub || sub.number !== event.number) return;
  m.sub_issue = { ...sub, assignees: [...new Set(event.assignees)] };
}
