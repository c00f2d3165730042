import { z } from "zod";
import { incomingFile } from "../../plan/task-file/incoming-file.js";
import { decodeMarker } from "../../protocol/marker.js";
import type { ItemResult } from "../../protocol/result.js";
import { Result } from "../../protocol/result.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";
import { isTrustedResultAuthor } from "../reads/result-author.js";
import { type Performer, requireRecord } from "./perform-env.js";

const IssueComment = z.object({ body: z.string().nullish(), user: z.object({ login: z.string() }).nullable() });
const FileData = z.object({ sha: z.string(), content: z.string() });

/**
 * Rule: the file is read first; the same text already on the branch is success, a different one is
 * replaced by its blob `sha` (a compare-and-swap), so a repeat writes nothing and never a second commit.
 * The `result` nodes come from the module PRs' result comments, counted only when the app wrote them
 * (DESIGN §5), as every result is.
 */
export const writeIncomingFile: Performer<"WriteIncomingFile"> = async (effect, env) => {
  const record = requireRecord(env);
  const source = record.plan?.source;
  if (source === undefined) return [];
  const bot = await env.identity.botLogin();
  const results = new Map<string, ItemResult>();
  for (const { comment_id } of effect.results) {
    const res = await env.octokit.request("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      ...env.repo,
      comment_id,
    });
    const comment = IssueComment.parse(res.data);
    if (!isTrustedResultAuthor(comment.user?.login ?? "", bot, record.config)) continue;
    const read = decodeMarker("result", comment.body ?? "", Result);
    if (read.ok) for (const item of read.value.items) results.set(item.id, item);
  }
  const text = incomingFile(source.text, results);
  const existing = await readFile(env.octokit, env.repo, effect.path, effect.branch);
  if (existing?.text === text) return [];
  await env.octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
    ...env.repo,
    path: effect.path,
    branch: effect.branch,
    message: `conductor: results of review ${source.review_id} (#${env.issue})`,
    content: Buffer.from(text, "utf8").toString("base64"),
    ...(existing === null ? {} : { sha: existing.sha }),
  });
  return [];
};

async function readFile(
  octokit: GitHubClient,
  repo: RepoRef,
  path: string,
  ref: string,
): Promise<{ sha: string; text: string } | null> {
  try {
    const res = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path, ref });
    const file = FileData.parse(res.data);
    return { sha: file.sha, text: Buffer.from(file.content, "base64").toString("utf8") };
  } catch (error) {
    if (isFailure(error, 404)) return null;
    throw error;
  }
}
