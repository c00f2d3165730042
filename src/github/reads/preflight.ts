import type { TaskRecord } from "../../core/record.js";
import { diagnose } from "../../doctor/diagnose.js";
import type { Finding } from "../../doctor/finding.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { EXECUTOR_WORKFLOW } from "../onboarding/onboarding-workflow.js";
import type { Log } from "../reconcile/log.js";
import { readWorkflows } from "./read-workflows.js";

/**
 * The doctor's checks by the app when a task starts (docs/doctor.md): the workflow files of the task's
 * base branch (what module PRs into the integration branch start from), judged by the same pure
 * `diagnose` as `conductor doctor`. The configuration is the task's own, already valid. Never fatal: a
 * read that fails is logged and yields no findings, and the task goes on.
 */
export async function preflight(
  env: { octokit: GitHubClient; repo: RepoRef; log: Log },
  record: TaskRecord,
): Promise<Finding[]> {
  try {
    const workflows = await readWorkflows(env.octokit, env.repo, record.base_branch);
    return diagnose({
      workflows,
      config: record.config,
      defaultBranch: record.base_branch,
      executorTemplate: EXECUTOR_WORKFLOW,
      issue: record.issue,
    });
  } catch (error) {
    env.log.warn({ err: error }, "pre-flight not run");
    return [];
  }
}
