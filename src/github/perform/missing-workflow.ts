import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { ONBOARDING_BRANCH } from "../onboarding/onboarding.js";
import { findOpenPull } from "../reads/find-pull.js";

/**
 * What a maintainer needs when GitHub answers a dispatch with 404: GitHub runs a `workflow_dispatch` only
 * for a workflow file it knows from the default branch and finds at the dispatched ref. So the message names
 * the file, the module branch and the default branch, and links the onboarding PR that adds the file when
 * one is open (docs/troubleshooting.md#the-executor-never-starts). Reads that fail leave their part out:
 * the message must not hide the refusal it explains.
 */
export async function missingWorkflowMessage(
  octokit: GitHubClient,
  repo: RepoRef,
  workflow: string,
  ref: string,
): Promise<string> {
  const path = workflow.includes("/") ? workflow : `.github/workflows/${workflow}`;
  const [branch, onboarding] = await Promise.all([
    octokit
      .request("GET /repos/{owner}/{repo}", repo)
      .then(({ data }) => z.object({ default_branch: z.string() }).parse(data).default_branch)
      .catch(() => null),
    findOpenPull(octokit, repo, ONBOARDING_BRANCH).catch(() => null),
  ]);
  const base = branch ?? "the default branch";
  const fix = onboarding
    ? `merge the onboarding PR #${onboarding.number} (${onboarding.html_url}), which adds it`
    : `add it to ${base} (docs/setup.md has the file), or set executor.workflow to the file you use`;
  return `404: GitHub knows no workflow ${path} to run on ${ref} — it must be on ${base}${branch ? ", the default branch," : ""} and on the module's base; ${fix}`;
}
