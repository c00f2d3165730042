import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadWebhookChecker } from "../../sandbox/index.js";
import { cleanRun, commitFiles, createBranch, type Harness, harness } from "./helpers.js";

const WORKFLOW = `name: CI
run-name: "ci \${{ inputs.nonce }}"
on:
  workflow_dispatch:
    inputs:
      nonce: { required: true }
jobs: {}
`;

describe("sandbox: emitted webhooks", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ seed: { files: { "README.md": "hi\n", ".github/workflows/ci.yml": WORKFLOW } } });
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  test("every payload of a whole lifecycle is valid against @octokit/openapi-webhooks", async () => {
    h.sandbox.addCollaborator("maintainer", "maintain");
    const human = h.as("maintainer");
    const { data: issue } = await human.rest.issues.create({
      ...h.repo,
      title: "Task",
      body: "## Implementation Phases",
    });
    await human.rest.issues.addLabels({ ...h.repo, issue_number: issue.number, labels: ["orchestrate"] });
    await h.app.rest.reactions.createForIssue({ ...h.repo, issue_number: issue.number, content: "eyes" });
    await h.app.rest.issues.setLabels({
      ...h.repo,
      issue_number: issue.number,
      labels: ["orchestrate", "conductor:running"],
    });
    await human.rest.issues.update({
      ...h.repo,
      issue_number: issue.number,
      title: "Task v2",
      assignees: ["maintainer"],
    });
    const { data: comment } = await h.app.rest.issues.createComment({
      ...h.repo,
      issue_number: issue.number,
      body: "dashboard",
    });
    await h.app.rest.issues.updateComment({ ...h.repo, comment_id: comment.id, body: "dashboard v2" });
    const { data: cmd } = await human.rest.issues.createComment({
      ...h.repo,
      issue_number: issue.number,
      body: "/status",
    });
    await human.rest.issues.deleteComment({ ...h.repo, comment_id: cmd.id });

    await createBranch(h, "conductor/1/integration");
    await createBranch(h, "conductor/1/p1-api", "conductor/1/integration");
    await commitFiles(h, "conductor/1/p1-api", { "api.ts": "export {};\n" });
    const { data: pr } = await h.app.rest.pulls.create({
      ...h.repo,
      head: "conductor/1/p1-api",
      base: "conductor/1/integration",
      title: "[conductor #1] Phase 1: api",
      draft: true,
    });
    await h.app.rest.issues.addLabels({ ...h.repo, issue_number: pr.number, labels: ["conductor"] });
    await h.app.rest.actions.createWorkflowDispatch({
      ...h.repo,
      workflow_id: "ci.yml",
      ref: "conductor/1/p1-api",
      inputs: { nonce: "abc" },
    });
    const run = Object.values((await h.sandbox.snapshot()).state.runs)[0];
    await h.sandbox.setRunStatus(run?.id ?? 0, "in_progress");
    const head = await commitFiles(h, "conductor/1/p1-api", { "api.ts": "export const api = 1;\n" });
    await h.sandbox.setRunStatus(run?.id ?? 0, "completed", "success");
    await h.app.graphql(
      "mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }",
      { id: pr.node_id },
    );
    await h.app.rest.checks.create({
      ...h.repo,
      name: "conductor/verify",
      head_sha: head,
      conclusion: "success",
      output: { title: "ok", summary: "ok" },
    });
    await h.app.rest.repos.createCommitStatus({ ...h.repo, sha: head, state: "success", context: "ci" });
    await human.rest.pulls.createReview({ ...h.repo, pull_number: pr.number, event: "APPROVE" });
    await h.app.rest.pulls.merge({ ...h.repo, pull_number: pr.number, sha: head, merge_method: "squash" });
    const { data: final } = await h.app.rest.pulls.create({
      ...h.repo,
      head: "conductor/1/integration",
      base: "main",
      title: "Task v2",
      body: `Closes #${issue.number}`,
    });
    await human.rest.pulls.merge({ ...h.repo, pull_number: final.number });
    await h.sandbox.installationRepositories("added");

    const checker = await loadWebhookChecker();
    const deliveries = h.sandbox.webhooks.all();
    const kinds = [...new Set(deliveries.map((d) => `${d.name}.${String(d.payload.action ?? "")}`))].sort();
    expect(kinds).toEqual([
      "check_run.completed",
      "check_run.created",
      "check_suite.completed",
      "installation_repositories.added",
      "issue_comment.created",
      "issue_comment.deleted",
      "issue_comment.edited",
      "issues.assigned",
      "issues.closed",
      "issues.edited",
      "issues.labeled",
      "issues.opened",
      "pull_request.closed",
      "pull_request.labeled",
      "pull_request.opened",
      "pull_request.ready_for_review",
      "pull_request.synchronize",
      "pull_request_review.submitted",
      "status.",
      "workflow_run.completed",
      "workflow_run.in_progress",
      "workflow_run.requested",
    ]);
    const problems = deliveries.flatMap((d) => checker.check(d.name, d.payload).slice(0, 5));
    expect(problems).toEqual([]);
    expect(new Set(deliveries.map((d) => d.id)).size).toBe(deliveries.length);
    const verify = deliveries.find(
      (d) =>
        d.name === "check_run" &&
        d.payload.action === "completed" &&
        JSON.stringify(d.payload).includes("conductor/verify"),
    );
    expect(verify?.payload).toMatchObject({
      check_run: {
        name: "conductor/verify",
        check_suite: { head_branch: "conductor/1/p1-api" },
        pull_requests: [{ number: pr.number }],
      },
    });
    const closed = deliveries.find((d) => d.name === "issues" && d.payload.action === "closed");
    expect(closed?.payload).toMatchObject({
      issue: { number: issue.number, state: "closed" },
      sender: { login: "maintainer" },
    });
    expect(cleanRun(h.sandbox)).toEqual({ violations: [], responses: [], errors: [] });
  });
});
