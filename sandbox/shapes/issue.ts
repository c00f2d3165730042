import { association, nodeId, type SandboxContext } from "../context.js";
import type { CommentRec, IssueRec, LabelRec, ReactionRec } from "../state.js";
import { reactionRollup, userShape } from "./common.js";
import { dependencySummary } from "./dependency-summary.js";
import { subIssueFields } from "./sub-issues-summary.js";

/** GitHub's `label`. */
export function labelShape(ctx: SandboxContext, label: LabelRec) {
  return {
    id: label.id,
    node_id: nodeId("LA", label.id),
    url: `${ctx.api}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: label.default,
  };
}

/** The labels of an issue as label objects, in the order they were added. */
export function issueLabels(ctx: SandboxContext, issue: IssueRec) {
  return issue.labels
    .map((name) => ctx.state.labels[name.toLowerCase()])
    .filter((label): label is LabelRec => label !== undefined)
    .map((label) => labelShape(ctx, label));
}

/** GitHub's `issue` (REST and webhooks); a pull request's issue carries `pull_request`. */
export function issueShape(ctx: SandboxContext, issue: IssueRec) {
  const url = `${ctx.api}/issues/${issue.number}`;
  const pull = ctx.state.pulls[issue.number];
  const assignees = issue.assignees.map((login) => userShape(ctx, login));
  const comments = Object.values(ctx.state.comments).filter((c) => c.issue === issue.number).length;
  return {
    id: issue.id,
    node_id: nodeId("I", issue.id),
    url,
    repository_url: ctx.api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${ctx.html}/${pull ? "pull" : "issues"}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: userShape(ctx, issue.user),
    labels: issueLabels(ctx, issue),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments,
    ...(pull
      ? {
          draft: pull.draft,
          pull_request: {
            url: `${ctx.api}/pulls/${issue.number}`,
            html_url: `${ctx.html}/pull/${issue.number}`,
            diff_url: `${ctx.html}/pull/${issue.number}.diff`,
            patch_url: `${ctx.html}/pull/${issue.number}.patch`,
            merged_at: pull.merged_at,
          },
        }
      : { issue_dependencies_summary: dependencySummary(ctx, issue.number), ...subIssueFields(ctx, issue.number) }),
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_by: issue.closed_by ? userShape(ctx, issue.closed_by) : null,
    author_association: association(ctx, issue.user),
    reactions: reactionRollup(ctx, "issue", issue.number, url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
  };
}

/** GitHub's `issue-comment`. */
export function commentShape(ctx: SandboxContext, comment: CommentRec) {
  const url = `${ctx.api}/issues/comments/${comment.id}`;
  const pull = ctx.state.pulls[comment.issue];
  return {
    id: comment.id,
    node_id: nodeId("IC", comment.id),
    url,
    html_url: `${ctx.html}/${pull ? "pull" : "issues"}/${comment.issue}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userShape(ctx, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    issue_url: `${ctx.api}/issues/${comment.issue}`,
    author_association: association(ctx, comment.user),
    performed_via_github_app: null,
    reactions: reactionRollup(ctx, "comment", comment.id, url),
  };
}

/** GitHub's `reaction`. */
export function reactionShape(ctx: SandboxContext, reaction: ReactionRec) {
  return {
    id: reaction.id,
    node_id: nodeId("REA", reaction.id),
    user: userShape(ctx, reaction.user),
    content: reaction.content,
    created_at: reaction.created_at,
  };
}
