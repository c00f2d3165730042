/**
 * The GitHub reads behind a gate, each returning a zod-parsed subset: check runs for a SHA (paginated),
 * the combined commit status, the annotations of one check run, and the executor's workflow runs on a SHA
 * (to recognise its check suites). The reads of a SHA's checks are conditional (`etags`): the same head is
 * read again by several events and the sweep, and an unchanged answer is a free 304.
 */
import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { type EtagCache, readConditionally } from "../octokit/conditional-read.js";

export const CheckRun = z.object({
  id: z.number(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  html_url: z.string().nullable(),
  app: z.object({ slug: z.string().optional() }).nullable(),
  check_suite: z.object({ id: z.number() }).nullable(),
  output: z.object({
    title: z.string().nullable(),
    summary: z.string().nullable(),
    annotations_count: z.number(),
  }),
});
export type CheckRun = z.infer<typeof CheckRun>;

export const CommitStatus = z.object({
  context: z.string(),
  state: z.string(),
  description: z.string().nullable(),
  target_url: z.string().nullable(),
});
export type CommitStatus = z.infer<typeof CommitStatus>;

export const CheckAnnotation = z.object({
  path: z.string(),
  start_line: z.number(),
  annotation_level: z.enum(["notice", "warning", "failure"]).nullable(),
  message: z.string().nullable(),
  title: z.string().nullable(),
});
export type CheckAnnotation = z.infer<typeof CheckAnnotation>;

const MAX_PAGES = 10; // 1,000 check runs on one SHA is far beyond any real CI

const CheckRunsPage = z.object({ total_count: z.number(), check_runs: z.array(CheckRun) });
const CombinedStatus = z.object({ statuses: z.array(CommitStatus) });
const key = (repo: RepoRef, what: string) => `${repo.owner}/${repo.repo} ${what}`;

/** Every latest check run on `sha` (`filter=latest`: one per name, the newest). */
export async function listCheckRuns(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  etags?: EtagCache,
): Promise<CheckRun[]> {
  const runs: CheckRun[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = await readConditionally(
      etags,
      key(repo, `check-runs ${sha} ${page}`),
      (headers) =>
        octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
          ...repo,
          ref: sha,
          filter: "latest",
          per_page: 100,
          page,
          headers,
        }),
      (d) => CheckRunsPage.parse(d),
    );
    runs.push(...data.check_runs);
    if (data.check_runs.length < 100 || runs.length >= data.total_count) break;
  }
  return runs;
}

/** The latest status per context on `sha` (the combined status; its first 100 contexts). */
export async function listStatuses(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  etags?: EtagCache,
): Promise<CommitStatus[]> {
  const data = await readConditionally(
    etags,
    key(repo, `status ${sha}`),
    (headers) =>
      octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/status", { ...repo, ref: sha, per_page: 100, headers }),
    (d) => CombinedStatus.parse(d),
  );
  return data.statuses;
}

/** Up to `limit` (≤ 50) annotations of one check run. */
export async function listAnnotations(
  octokit: GitHubClient,
  repo: RepoRef,
  checkRunId: number,
  limit: number,
): Promise<CheckAnnotation[]> {
  const res = await octokit.request("GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations", {
    ...repo,
    check_run_id: checkRunId,
    per_page: Math.min(limit, 50),
  });
  return z.array(CheckAnnotation).parse(res.data).slice(0, limit);
}

const WorkflowRuns = z.object({
  workflow_runs: z.array(z.object({ path: z.string(), check_suite_id: z.number().optional() })),
});

/**
 * The check suite ids of the runs of `workflowFile` (e.g. `conductor-executor.yml`) on `sha`. Actions
 * gives each workflow run its own check suite, and the run's `path` names the workflow file: that is
 * how the executor's job checks are told apart from CI's, whatever the user named the jobs.
 */
export async function workflowCheckSuites(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  workflowFile: string,
  etags?: EtagCache,
): Promise<Set<number>> {
  const { workflow_runs: runs } = await readConditionally(
    etags,
    key(repo, `dispatched runs ${sha}`),
    (headers) =>
      octokit.request("GET /repos/{owner}/{repo}/actions/runs", {
        ...repo,
        head_sha: sha,
        event: "workflow_dispatch",
        per_page: 100,
        headers,
      }),
    (d) => WorkflowRuns.parse(d),
  );
  const file = workflowFile.replace(/^.*\//, "");
  return new Set(
    runs.flatMap((r) =>
      r.path.replace(/@.*$/, "").endsWith(`/${file}`) && r.check_suite_id ? [r.check_suite_id] : [],
    ),
  );
}
