import { z } from "zod";
import type { Config } from "../../config/schema.js";
import type { PullFact, ResultFact } from "../../core/task-facts.js";
import { Brief } from "../../protocol/brief.js";
import { decodeMarker } from "../../protocol/marker.js";
import { Result } from "../../protocol/result.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isTrustedResultAuthor } from "../reads/result-author.js";

const ListedPull = z.object({
  number: z.number().int().positive(),
  state: z.enum(["open", "closed"]),
  body: z.string().nullish(),
  merged_at: z.string().nullish(),
  merge_commit_sha: z.string().nullish(),
  head: z.object({ ref: z.string(), sha: z.string() }),
});
const IssueComment = z.object({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  user: z.object({ login: z.string() }).nullable(),
});

const MAX_PAGES = 10;

/**
 * The app's result comments on a PR (DESIGN §5: comments by anyone else are ignored, as `isTrustedResultAuthor`
 * decides for every result), oldest first.
 */
async function resultComments(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: number,
  bot: string,
  config: Config,
): Promise<ResultFact[]> {
  const found: ResultFact[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...repo,
      issue_number: pr,
      per_page: 100,
      page,
    });
    const comments = z.array(IssueComment).parse(res.data);
    for (const comment of comments) {
      if (!isTrustedResultAuthor(comment.user?.login ?? "", bot, config)) continue;
      const read = decodeMarker("result", comment.body ?? "", Result);
      if (read.ok) found.push({ comment_id: comment.id, result: read.value });
    }
    if (comments.length < 100) break;
  }
  return found;
}

/**
 * The PRs whose head is `branch` on the repository itself (`head=owner:branch`, so a fork's branch of the same
 * name never counts), any state, with the brief each body carries and the app's result comments on each PR
 * that is open or merged (a closed one is history; its results are not the task's any more).
 */
export async function readModulePulls(
  octokit: GitHubClient,
  repo: RepoRef,
  branch: string,
  bot: string,
  config: Config,
): Promise<PullFact[]> {
  const res = await octokit.request("GET /repos/{owner}/{repo}/pulls", {
    ...repo,
    head: `${repo.owner}:${branch}`,
    state: "all",
    per_page: 100,
  });
  const pulls = z
    .array(ListedPull)
    .parse(res.data)
    .filter((p) => p.head.ref === branch);
  const facts: PullFact[] = [];
  for (const pull of pulls) {
    const merged = pull.merged_at !== null && pull.merged_at !== undefined;
    const brief = decodeMarker("brief", pull.body ?? "", Brief);
    const live = pull.state === "open" || merged;
    facts.push({
      number: pull.number,
      state: pull.state,
      merged,
      merge_sha: merged ? (pull.merge_commit_sha ?? null) : null,
      head_sha: pull.head.sha,
      brief: brief.ok ? brief.value : null,
      results: live ? await resultComments(octokit, repo, pull.number, bot, config) : [],
    });
  }
  return facts.sort((a, b) => a.number - b.number);
}
