import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";

const ListedIssue = z.object({
  number: z.number().int().positive(),
  state: z.string(),
  body: z.string().nullish(),
  pull_request: z.unknown().optional(),
});

/** An issue (or pull request: the issues API lists both) carrying a label, as the listing shows it. */
export interface LabelledIssue {
  number: number;
  state: string;
  body: string;
  isPull: boolean;
}

/** A bound on the pages read: 1,000 issues of one of Conductor's own labels is far past any real repository. */
const MAX_PAGES = 10;

/**
 * Every issue with `label`, open or closed, newest first (the issues API's order), up to 1,000. Used where the
 * app finds its own issues again by label and hidden marker (red CI, task files), so a redelivery opens nothing
 * twice; one request while there are fewer than 100.
 */
export async function listLabelledIssues(
  octokit: GitHubClient,
  repo: RepoRef,
  label: string,
): Promise<LabelledIssue[]> {
  const all: LabelledIssue[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await octokit.request("GET /repos/{owner}/{repo}/issues", {
      ...repo,
      labels: label,
      state: "all",
      per_page: 100,
      ...(page > 1 ? { page } : {}),
    });
    const issues = z.array(ListedIssue).parse(res.data);
    for (const issue of issues) {
      all.push({
        number: issue.number,
        state: issue.state,
        body: issue.body ?? "",
        isPull: issue.pull_request !== undefined,
      });
    }
    if (issues.length < 100) break;
  }
  return all;
}
