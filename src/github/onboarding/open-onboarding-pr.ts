import { z } from "zod";
import type { Config } from "../../config/schema.js";
import type { Finding } from "../../doctor/finding.js";
import { type GitHubClient, httpFailure, type RepoRef } from "../octokit/client.js";
import {
  CONFIG_PATH,
  ONBOARDING_BRANCH,
  ONBOARDING_TITLE,
  type OnboardingFile,
  onboardingFiles,
  onboardingPullBody,
  workflowPath,
} from "./onboarding.js";

export type OnboardingPrOutcome =
  | { status: "opened"; number: number; url: string; workflowIncluded: boolean }
  /** A PR from the onboarding branch exists in any state: a closed one was declined, and stays so. */
  | { status: "exists"; number: number; state: "open" | "merged" | "closed" }
  /** The base branch already has the executor workflow: someone set Conductor up by hand. */
  | { status: "already_set_up" };

const Pull = z.object({
  number: z.number(),
  state: z.string(),
  merged_at: z.string().nullable(),
  html_url: z.string(),
});
const Sha = z.object({ sha: z.string() });

/**
 * Opens the onboarding PR, idempotently and once per repository (docs/setup.md#3-add-the-executor-workflow):
 * any PR ever opened from `conductor/onboarding` (open, merged, or closed by a maintainer who declined) means
 * there is nothing to do; so does the workflow already being on the base branch. Otherwise one commit with
 * the files goes on the branch (created, or reset if an earlier try died before the PR: no PR means nobody
 * uses it) and the PR is opened; a PR that appears concurrently is found, not duplicated. An App without the
 * `workflows` permission may not commit a workflow file: the commit then has only the config and the PR
 * description carries the workflow for a human to add.
 */
export async function openOnboardingPr(
  octokit: GitHubClient,
  repo: RepoRef,
  options: {
    config?: Config;
    baseBranch?: string;
    /**
     * Whether the installation has the `workflows` permission (`installation.permissions.workflows`). `app.yml`
     * does not ask for it, so the adapter usually passes false; when unknown, committing the workflow is tried.
     */
    canWriteWorkflows?: boolean;
    /** The pre-flight's findings (docs/doctor.md), listed in the PR so the maintainer fixes them in one go. */
    findings?: readonly Finding[];
  } = {},
): Promise<OnboardingPrOutcome> {
  const existing = await findPull(octokit, repo);
  if (existing) return existing;
  const base = options.baseBranch ?? (await defaultBranch(octokit, repo));
  if (await fileExists(octokit, repo, workflowPath(options.config), base)) return { status: "already_set_up" };

  const { data: ref } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
    ...repo,
    ref: `heads/${base}`,
  });
  const head = z.object({ object: Sha }).parse(ref).object.sha;
  const files = onboardingFiles(options.config);
  const configOnly = files.filter((file) => file.path === CONFIG_PATH);
  let workflowIncluded = options.canWriteWorkflows ?? true;
  try {
    await commitToBranch(octokit, repo, head, workflowIncluded ? files : configOnly);
  } catch (error) {
    if (!workflowIncluded || !refusedWorkflow(error)) throw error;
    workflowIncluded = false;
    await commitToBranch(octokit, repo, head, configOnly);
  }
  try {
    const { data } = await octokit.request("POST /repos/{owner}/{repo}/pulls", {
      ...repo,
      title: ONBOARDING_TITLE,
      head: ONBOARDING_BRANCH,
      base,
      body: onboardingPullBody({
        ...(options.config ? { config: options.config } : {}),
        ...(options.findings ? { findings: options.findings } : {}),
        workflowIncluded,
      }),
    });
    const pull = Pull.parse(data);
    return { status: "opened", number: pull.number, url: pull.html_url, workflowIncluded };
  } catch (error) {
    // "A pull request already exists": another replica or a redelivered webhook got there first.
    const raced = httpFailure(error)?.status === 422 ? await findPull(octokit, repo) : null;
    if (raced) return raced;
    throw error;
  }
}

async function findPull(octokit: GitHubClient, repo: RepoRef): Promise<OnboardingPrOutcome | null> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/pulls", {
    ...repo,
    head: `${repo.owner}:${ONBOARDING_BRANCH}`,
    state: "all",
    per_page: 1,
  });
  const pull = z.array(Pull).parse(data)[0];
  if (pull === undefined) return null;
  const state = pull.merged_at !== null ? "merged" : pull.state === "open" ? "open" : "closed";
  return { status: "exists", number: pull.number, state };
}

async function defaultBranch(octokit: GitHubClient, repo: RepoRef): Promise<string> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}", repo);
  return z.object({ default_branch: z.string() }).parse(data).default_branch;
}

async function fileExists(octokit: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<boolean> {
  try {
    await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path, ref });
    return true;
  } catch (error) {
    if (httpFailure(error)?.status === 404) return false;
    throw error;
  }
}

/** One commit with `files` on top of `parent`, and the onboarding branch pointing at it. */
async function commitToBranch(octokit: GitHubClient, repo: RepoRef, parent: string, files: readonly OnboardingFile[]) {
  const { data: commit } = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", {
    ...repo,
    commit_sha: parent,
  });
  const { data: tree } = await octokit.request("POST /repos/{owner}/{repo}/git/trees", {
    ...repo,
    base_tree: z.object({ tree: Sha }).parse(commit).tree.sha,
    tree: files.map((file) => ({
      path: file.path,
      mode: "100644" as const,
      type: "blob" as const,
      content: file.content,
    })),
  });
  const { data: created } = await octokit.request("POST /repos/{owner}/{repo}/git/commits", {
    ...repo,
    message: `${ONBOARDING_TITLE}\n\nAdds ${files.map((file) => file.path).join(" and ")}.`,
    tree: Sha.parse(tree).sha,
    parents: [parent],
  });
  const sha = Sha.parse(created).sha;
  try {
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", {
      ...repo,
      ref: `refs/heads/${ONBOARDING_BRANCH}`,
      sha,
    });
  } catch (error) {
    if (httpFailure(error)?.status !== 422) throw error;
    // Left by an earlier try that died before opening the PR (we checked: there is none).
    await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
      ...repo,
      ref: `heads/${ONBOARDING_BRANCH}`,
      sha,
      force: true,
    });
  }
}

/** GitHub's "refusing to allow a GitHub App to create or update workflow … without `workflows` permission". */
function refusedWorkflow(error: unknown): boolean {
  const failure = httpFailure(error);
  return (
    failure !== undefined &&
    [403, 404, 422].includes(failure.status) &&
    /workflows?\b.*permission/i.test(failure.message)
  );
}
