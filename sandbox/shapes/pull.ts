import { association, nodeId, type SandboxContext } from "../context.js";
import type { IssueRec, PullRec, PullStats } from "../state.js";
import { repositoryShape, userShape } from "./common.js";
import { issueLabels } from "./issue.js";

function branchShape(ctx: SandboxContext, ref: string, sha: string) {
  return { label: `${ctx.owner}:${ref}`, ref, sha, user: userShape(ctx, ctx.owner), repo: repositoryShape(ctx) };
}

/** GitHub's `pull-request` (also valid as `pull-request-simple` and the webhooks' pull request). */
export function pullShape(ctx: SandboxContext, issue: IssueRec, pull: PullRec, stats: PullStats) {
  const url = `${ctx.api}/pulls/${pull.number}`;
  const html = `${ctx.html}/pull/${pull.number}`;
  const issueUrl = `${ctx.api}/issues/${pull.number}`;
  const assignees = issue.assignees.map((login) => userShape(ctx, login));
  const link = (href: string) => ({ href });
  const comments = Object.values(ctx.state.comments).filter((c) => c.issue === pull.number).length;
  return {
    url,
    id: pull.id,
    node_id: nodeId("PR", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${ctx.api}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${ctx.api}/statuses/${pull.head_sha}`,
    number: pull.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: userShape(ctx, issue.user),
    body: issue.body,
    labels: issueLabels(ctx, issue),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: branchShape(ctx, pull.head, pull.head_sha),
    base: branchShape(ctx, pull.base, stats.base_sha),
    _links: {
      self: link(url),
      html: link(html),
      issue: link(issueUrl),
      comments: link(`${issueUrl}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${ctx.api}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${ctx.api}/statuses/${pull.head_sha}`),
    },
    author_association: association(ctx, issue.user),
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: stats.mergeable,
    rebaseable: stats.mergeable,
    mergeable_state: stats.mergeable_state,
    merged_by: pull.merged_by ? userShape(ctx, pull.merged_by) : null,
    comments,
    review_comments: 0,
    maintainer_can_modify: pull.maintainer_can_modify,
    commits: stats.commits,
    additions: stats.additions,
    deletions: stats.deletions,
    changed_files: stats.changed_files,
  };
}
