import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { cleanRun, type Harness, harness, statusOf } from "./helpers.js";

const CLEAN = { violations: [], responses: [], errors: [] };

const WORKFLOW = `name: Conductor executor
run-name: "conductor #\${{ inputs.task }} pr \${{ inputs.pr }} attempt \${{ inputs.attempt }} [\${{ inputs.nonce }}]"
on:
  workflow_dispatch:
    inputs:
      task: { required: true }
      pr: { required: true }
      attempt: { required: true }
      nonce: { required: true }
jobs:
  run:
    runs-on: ubuntu-latest
    steps: [{ run: echo hi }]
`;

describe("sandbox: actions, checks, statuses, permissions", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({
      seed: { files: { "README.md": "hi\n", ".github/workflows/conductor-executor.yml": WORKFLOW } },
    });
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  test("workflow dispatch creates a queued run whose display title carries the nonce; runs complete and cancel", async () => {
    const inputs = { task: "6", pr: "12", attempt: "1", nonce: "n-4f2a" };
    const { data, status } = await h.app.request(
      "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
      {
        ...h.repo,
        workflow_id: "conductor-executor.yml",
        ref: "main",
        inputs,
        return_run_details: true,
      },
    );
    expect(status).toBe(200);
    const runId = (data as { workflow_run_id: number }).workflow_run_id;
    const { data: runs } = await h.app.rest.actions.listWorkflowRunsForRepo({
      ...h.repo,
      branch: "main",
      event: "workflow_dispatch",
      status: "queued",
    });
    expect(runs.total_count).toBe(1);
    expect(runs.workflow_runs[0]).toMatchObject({
      id: runId,
      status: "queued",
      display_title: "conductor #6 pr 12 attempt 1 [n-4f2a]",
    });

    const plain = await h.app.rest.actions.createWorkflowDispatch({
      ...h.repo,
      workflow_id: "conductor-executor.yml",
      ref: "main",
      inputs: { ...inputs, nonce: "n-2" },
    });
    expect(plain.status).toBe(204);
    const unexpected = h.app.rest.actions.createWorkflowDispatch({
      ...h.repo,
      workflow_id: "conductor-executor.yml",
      ref: "main",
      inputs: { ...inputs, extra: "x" },
    });
    expect(await statusOf(unexpected)).toBe(422);
    expect(
      await statusOf(h.app.rest.actions.createWorkflowDispatch({ ...h.repo, workflow_id: "missing.yml", ref: "main" })),
    ).toBe(404);

    await h.sandbox.setRunStatus(runId, "in_progress");
    await h.sandbox.setRunStatus(runId, "completed", "failure", "line 1\nboom\n");
    const { data: run } = await h.app.rest.actions.getWorkflowRun({ ...h.repo, run_id: runId });
    expect([run.status, run.conclusion]).toEqual(["completed", "failure"]);
    const { data: jobs } = await h.app.rest.actions.listJobsForWorkflowRun({ ...h.repo, run_id: runId });
    const log = await h.app.rest.actions.downloadJobLogsForWorkflowRun({ ...h.repo, job_id: jobs.jobs[0]?.id ?? 0 });
    expect(String(log.data)).toContain("boom");
    const completed = h.sandbox.webhooks
      .all()
      .filter((d) => d.name === "workflow_run" && d.payload.action === "completed");
    expect(completed).toHaveLength(1);
    // As on GitHub, the run's job is a check run of the app github-actions on the dispatched commit.
    const { data: checks } = await h.app.rest.checks.listForRef({
      ...h.repo,
      ref: run.head_sha,
      app_id: 15368,
      filter: "all",
    });
    const summary = checks.check_runs.map((c) => [c.name, c.status, c.conclusion, c.app?.slug]);
    expect(summary).toContainEqual(["run", "completed", "failure", "github-actions"]);

    const second = runs.workflow_runs.length + 1;
    const { data: all } = await h.app.rest.actions.listWorkflowRunsForRepo({ ...h.repo });
    expect(all.total_count).toBe(second);
    const queued = all.workflow_runs.find((r) => r.status === "queued");
    await h.app.rest.actions.cancelWorkflowRun({ ...h.repo, run_id: queued?.id ?? 0 });
    expect(await statusOf(h.app.rest.actions.cancelWorkflowRun({ ...h.repo, run_id: queued?.id ?? 0 }))).toBe(409);
    expect(cleanRun(h.sandbox)).toEqual(CLEAN);
  });

  test("collaborator permission distinguishes roles and unknown users", async () => {
    h.sandbox.setPermission("maint", "maintain");
    h.sandbox.addCollaborator("writer");
    h.sandbox.setPermission("reader", "read");
    h.sandbox.tokenFor("stranger");
    const perm = async (username: string) => {
      const { data } = await h.app.rest.repos.getCollaboratorPermissionLevel({ ...h.repo, username });
      return [data.permission, data.role_name];
    };
    expect(await perm(h.repo.owner)).toEqual(["admin", "admin"]);
    expect(await perm("maint")).toEqual(["write", "maintain"]);
    expect(await perm("writer")).toEqual(["write", "write"]);
    expect(await perm("reader")).toEqual(["read", "read"]);
    expect(await perm("stranger")).toEqual(["none", "none"]);
    expect(await statusOf(h.app.rest.repos.getCollaboratorPermissionLevel({ ...h.repo, username: "ghost" }))).toBe(404);
    // A reader may comment but not label.
    const { data: issue } = await h.owner.rest.issues.create({ ...h.repo, title: "t" });
    await h.as("reader").rest.issues.createComment({ ...h.repo, issue_number: issue.number, body: "/rollback" });
    expect(
      await statusOf(h.as("reader").rest.issues.addLabels({ ...h.repo, issue_number: issue.number, labels: ["x"] })),
    ).toBe(403);
    expect(await statusOf(h.as("stranger").rest.issues.get({ ...h.repo, issue_number: issue.number }))).toBe(404);
    expect(cleanRun(h.sandbox)).toEqual(CLEAN);
  });

  test("check runs by apps, suites, annotations, and the combined status", async () => {
    const sha = await h.sandbox.git(["rev-parse", "main"]);
    const ci = h.sandbox.addApp({ slug: "ci", name: "CI" });
    const { Octokit } = await import("@octokit/rest");
    const ciClient = new Octokit({
      auth: h.sandbox.installationToken(ci.slug),
      request: { fetch: h.sandbox.fetch },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const { data: test } = await ciClient.rest.checks.create({
      ...h.repo,
      name: "test",
      head_sha: sha,
      status: "in_progress",
    });
    await ciClient.rest.checks.create({ ...h.repo, name: "lint", head_sha: sha, conclusion: "success" });
    await h.app.rest.checks.create({
      ...h.repo,
      name: "conductor/verify",
      head_sha: sha,
      conclusion: "failure",
      output: {
        title: "1 finding",
        summary: "TODO left",
        annotations: [{ path: "README.md", start_line: 1, end_line: 1, annotation_level: "failure", message: "TODO" }],
      },
    });
    expect(await statusOf(h.owner.rest.checks.create({ ...h.repo, name: "x", head_sha: sha }))).toBe(403);
    expect(await statusOf(h.app.rest.checks.update({ ...h.repo, check_run_id: test.id, conclusion: "success" }))).toBe(
      403,
    );
    await ciClient.rest.checks.update({ ...h.repo, check_run_id: test.id, conclusion: "success" });

    const { data: list } = await h.app.rest.checks.listForRef({ ...h.repo, ref: "main" });
    expect(list.check_runs.map((r) => [r.name, r.status, r.conclusion, r.app?.slug]).sort()).toEqual([
      ["conductor/verify", "completed", "failure", "conductor"],
      ["lint", "completed", "success", "ci"],
      ["test", "completed", "success", "ci"],
    ]);
    const verify = list.check_runs.find((r) => r.name === "conductor/verify");
    const { data: annotations } = await h.app.rest.checks.listAnnotations({ ...h.repo, check_run_id: verify?.id ?? 0 });
    expect(annotations.map((a) => a.message)).toEqual(["TODO"]);
    const suites = h.sandbox.webhooks
      .all()
      .filter((d) => d.name === "check_suite")
      .map((d) => (d.payload.check_suite as { conclusion: string }).conclusion);
    expect(suites.sort()).toEqual(["failure", "success"]);

    await h.app.rest.repos.createCommitStatus({ ...h.repo, sha, state: "pending", context: "ci/build" });
    expect((await h.app.rest.repos.getCombinedStatusForRef({ ...h.repo, ref: "main" })).data.state).toBe("pending");
    await h.app.rest.repos.createCommitStatus({ ...h.repo, sha, state: "success", context: "ci/build" });
    await h.app.rest.repos.createCommitStatus({ ...h.repo, sha, state: "success", context: "ci/e2e" });
    const { data: combined } = await h.app.rest.repos.getCombinedStatusForRef({ ...h.repo, ref: sha });
    expect([combined.state, combined.total_count]).toEqual(["success", 2]);
    expect(cleanRun(h.sandbox)).toEqual(CLEAN);
  });
});
