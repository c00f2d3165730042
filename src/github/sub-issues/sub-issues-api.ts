import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { requestFailure } from "../octokit/http-error.js";

/** The part of GitHub's `issue` the sub-issue code reads. */
export const SubIssueData = z.object({
  number: z.number().int().positive(),
  id: z.number().int().positive(),
  state: z.string(),
  body: z.string().nullish(),
  user: z.object({ login: z.string() }).nullable(),
  assignees: z
    .array(z.object({ login: z.string() }).nullable())
    .nullish()
    .transform((list) => (list ?? []).flatMap((a) => (a ? [a.login] : []))),
});
export type SubIssueData = z.infer<typeof SubIssueData>;

/** Enough pages for any plan (`limits.max_modules` is far below it); a bound, not a limit anyone meets. */
const MAX_PAGES = 10;

/**
 * GitHub's answer that the sub-issues API is not there for this repository: 404 (a GitHub without it, e.g.
 * an older GHES), 410 (issues turned off), 403 (the app lacks a permission; not a rate limit's 403). Returns
 * GitHub's words, or undefined for any other failure.
 */
export function unavailable(error: unknown): string | undefined {
  const failure = requestFailure(error);
  if (!failure || ![403, 404, 410].includes(failure.status)) return undefined;
  // A rate limit's 403 that outlived the throttle's retries is an outage, retried with the effect (reconcile.ts).
  if (/rate limit/i.test(failure.text)) return undefined;
  return `${failure.status}${failure.text ? ` ${failure.text}` : ""}`;
}

/** `GET …/issues/{n}/sub_issues`, every page. */
export async function listSubIssues(octokit: GitHubClient, repo: RepoRef, parent: number): Promise<SubIssueData[]> {
  const all: SubIssueData[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
      ...repo,
      issue_number: parent,
      per_page: 100,
      page,
    });
    const items = z.array(SubIssueData).parse(res.data);
    all.push(...items);
    if (items.length < 100) break;
  }
  return all;
}

/** `POST …/issues/{n}/sub_issues` with the child's id (not its number); a child already there is success. */
export async function addSubIssue(octokit: GitHubClient, repo: RepoRef, parent: number, childId: number) {
  try {
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
      ...repo,
      issue_number: parent,
      sub_issue_id: childId,
    });
  } catch (error) {
    const failure = requestFailure(error);
    if (failure?.status === 422 && /already|duplicate/i.test(failure.text)) return;
    throw error;
  }
}
