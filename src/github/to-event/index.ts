import type { Routed } from "../reconcile/intake.js";
import { fromCheckRun, fromCheckSuite, fromStatus } from "./checks.js";
import { fromIssueComment } from "./comment.js";
import { fromIssueDependencies } from "./issue-dependencies.js";
import { fromIssues } from "./issues.js";
import { fromPullRequest, fromPullRequestReview } from "./pull.js";
import { fromWorkflowRun } from "./workflow-run.js";

/** The webhooks Conductor listens to (app.yml `default_events` must name their events). */
export const WEBHOOKS = [
  "issues.labeled",
  "issues.unlabeled",
  "issues.edited",
  "issues.closed",
  "issues.reopened",
  "issues.assigned",
  "issues.unassigned",
  "issue_dependencies.blocked_by_added",
  "issue_dependencies.blocked_by_removed",
  "issue_comment.created",
  "pull_request.closed",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
  "pull_request_review.submitted",
  "pull_request_review.dismissed",
  "check_suite.completed",
  "check_run.completed",
  "status",
  "workflow_run.completed",
] as const;

/**
 * A webhook (event name, delivery id, payload) → what it means for a task, or `null` when it cannot change
 * one. Each family's payload is parsed with its own zod subset, so a payload of unexpected shape is
 * dropped, never half-read.
 */
export function toIntake(name: string, id: string, payload: unknown): Routed {
  switch (name) {
    case "issues":
      return fromIssues(id, payload);
    case "issue_dependencies":
      return fromIssueDependencies(id, payload);
    case "issue_comment":
      return fromIssueComment(id, payload);
    case "pull_request":
      return fromPullRequest(id, payload);
    case "pull_request_review":
      return fromPullRequestReview(id, payload);
    case "check_suite":
      return fromCheckSuite(id, payload);
    case "check_run":
      return fromCheckRun(id, payload);
    case "status":
      return fromStatus(id, payload);
    case "workflow_run":
      return fromWorkflowRun(id, payload);
    default:
      return null;
  }
}
