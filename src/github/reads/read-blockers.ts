import { z } from "zod";
import type { Event } from "../../core/events.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";

const Blockers = z.array(z.object({ number: z.number().int().positive(), state: z.string() }));

/**
 * The open issues that block `issue`, from GitHub's issue-dependencies API (docs/task-graph.md#blocked-by).
 * A 404 (a GitHub without the API, or the feature off) reads as "none": dependencies then cannot hold a
 * task back, as before they existed.
 */
export async function readBlockers(octokit: GitHubClient, repo: RepoRef, issue: number): Promise<number[]> {
  try {
    const res = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", {
      ...repo,
      issue_number: issue,
      per_page: 100,
    });
    return Blockers.parse(res.data)
      .filter((i) => i.state === "open")
      .map((i) => i.number);
  } catch (error) {
    if (isFailure(error, 404)) return [];
    throw error;
  }
}

/** The `BlockersRead` event for a task, read now; `id` is the delivery's (or tick's) with a suffix. */
export async function blockersEvent(octokit: GitHubClient, repo: RepoRef, issue: number, id: string): Promise<Event> {
  return { type: "BlockersRead", id: `${id}:blockers`, blockers: await readBlockers(octokit, repo, issue) };
}
