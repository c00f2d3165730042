import { z } from "zod";
import { decodeMarker } from "../../protocol/marker.js";
import { Result } from "../../protocol/result.js";
import type { BuildIO } from "../reconcile/intake.js";
import { isTrustedResultAuthor } from "./result-author.js";

const Comment = z.object({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  user: z.object({ login: z.string() }).nullable(),
});

/**
 * The app's result comment for `nonce` on a module PR, posted after `since`, if there is one. Used when a
 * run ends or a tick comes, so a result whose `issue_comment` webhook was lost (the app was restarting,
 * GitHub dropped it) still counts (DESIGN §5: "the adapter looks for a result comment before …").
 */
export async function findResultComment(
  io: Pick<BuildIO, "octokit" | "repo" | "identity" | "record">,
  pr: number,
  nonce: string,
  since: number,
): Promise<{ comment_id: number; result: Result } | null> {
  const bot = await io.identity.botLogin();
  const res = await io.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...io.repo,
    issue_number: pr,
    since: new Date(since).toISOString(),
    per_page: 100,
  });
  for (const comment of z.array(Comment).parse(res.data)) {
    if (!isTrustedResultAuthor(comment.user?.login ?? "", bot, io.record?.config)) continue;
    const read = decodeMarker("result", comment.body ?? "", Result);
    if (read.ok && read.value.nonce === nonce) return { comment_id: comment.id, result: read.value };
  }
  return null;
}
