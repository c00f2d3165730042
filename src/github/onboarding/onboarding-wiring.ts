import { z } from "zod";
import type { TaskRecord } from "../../core/record.js";
import type { Finding } from "../../doctor/finding.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";
import type { Log } from "../reconcile/log.js";
import { workflowPath } from "./onboarding.js";
import { openOnboardingPr } from "./open-onboarding-pr.js";

/**
 * The webhooks on which the app offers its onboarding PR (docs/setup.md#3-add-the-executor-workflow): it was
 * installed on repositories.
 */
export const ONBOARDING_WEBHOOKS = ["installation.created", "installation_repositories.added"] as const;

const Repo = z.object({ full_name: z.string().regex(/^[^/]+\/[^/]+$/) });
const Installed = z.object({
  installation: z.object({ permissions: z.record(z.string(), z.string()).optional() }),
  repositories: z.array(Repo).nullish(),
  repositories_added: z.array(Repo).nullish(),
});

/**
 * `installation.created` / `installation_repositories.added` → one onboarding PR per repository
 * (`openOnboardingPr` finds an existing one first, so a redelivery or a re-install opens none). One
 * repository's failure is logged and does not stop the others.
 */
export async function onboardInstalled(octokit: GitHubClient, payload: unknown, log: Log): Promise<void> {
  const parsed = Installed.safeParse(payload);
  if (!parsed.success) return;
  const { installation, repositories, repositories_added } = parsed.data;
  // GitHub refuses a workflow file from an App without `workflows: write`; say so up front when we know.
  const workflows = installation.permissions?.workflows;
  const options = workflows === undefined ? {} : { canWriteWorkflows: workflows === "write" };
  for (const { full_name } of [...(repositories ?? []), ...(repositories_added ?? [])]) {
    const [owner = "", repo = ""] = full_name.split("/");
    try {
      const outcome = await openOnboardingPr(octokit, { owner, repo }, options);
      log.info({ repo: full_name, outcome }, "onboarding");
    } catch (error) {
      log.warn({ err: error, repo: full_name }, "onboarding PR not opened");
    }
  }
}

/**
 * When a task starts, its executor must be dispatchable, and GitHub only dispatches a workflow that is on
 * the default branch: when the file is missing there (`GET contents` 404), the onboarding PR is opened,
 * once (it is found again on the next start). Never fatal: the task goes on and its dispatch reports.
 */
export async function onboardIfMissing(
  env: { octokit: GitHubClient; repo: RepoRef; log: Log },
  record: TaskRecord,
  findings: readonly Finding[] = [],
): Promise<void> {
  const { octokit, repo, log } = env;
  try {
    // `base_branch` is the default branch unless the configuration names another one.
    const branch = record.config.base_branch ? await defaultBranch(octokit, repo) : record.base_branch;
    if (await exists(octokit, repo, workflowPath(record.config), branch)) return;
    const outcome = await openOnboardingPr(octokit, repo, { config: record.config, baseBranch: branch, findings });
    log.info({ outcome }, "executor workflow missing: onboarding");
  } catch (error) {
    log.warn({ err: error }, "onboarding PR not opened");
  }
}

async function defaultBranch(octokit: GitHubClient, repo: RepoRef): Promise<string> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}", repo);
  return z.object({ default_branch: z.string() }).parse(data).default_branch;
}

async function exists(octokit: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<boolean> {
  try {
    await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path, ref });
    return true;
  } catch (error) {
    if (isFailure(error, 404)) return false;
    throw error;
  }
}
