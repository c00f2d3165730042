import { z } from "zod";
import type { Attempt } from "../../core/record.js";
import { decodeMarker } from "../../protocol/marker.js";
import { Reverification } from "../../protocol/reverify.js";
import type { PerformEnv } from "../perform/perform-env.js";
import { isTrustedResultAuthor } from "./result-author.js";

const Comment = z.object({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  user: z.object({ login: z.string() }).nullable(),
});

/**
 * The App's re-verification of `attempt` (docs/security.md#independent-re-verification): the comment the
 * record names, or else — at the deadline, when its webhook may have been lost — the newest comment on
 * the PR by a trusted author whose `reverify` marker names the attempt's nonce. Null when there is none.
 */
export async function findReverifyComment(
  env: PerformEnv,
  pr: number,
  attempt: Attempt,
): Promise<Reverification | null> {
  const bot = await env.identity.botLogin();
  const config = env.record?.config;
  const read = (comment: z.infer<typeof Comment>): Reverification | null => {
    if (!isTrustedResultAuthor(comment.user?.login ?? "", bot, config)) return null;
    const decoded = decodeMarker("reverify", comment.body ?? "", Reverification);
    return decoded.ok && decoded.value.nonce === attempt.nonce && decoded.value.attempt === attempt.number
      ? decoded.value
      : null;
  };
  if (attempt.reverify_comment_id !== null) {
    const res = await env.octokit.request("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      ...env.repo,
      comment_id: attempt.reverify_comment_id,
    });
    return read(Comment.parse(res.data));
  }
  const res = await env.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...env.repo,
    issue_number: pr,
    since: new Date(attempt.dispatched_at).toISOString(),
    per_page: 100,
  });
  let found: Reverification | null = null;
  for (const comment of z.array(Comment).parse(res.data)) found = read(comment) ?? found;
  return found;
}
