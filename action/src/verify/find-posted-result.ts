import type { Octokit } from "@octokit/rest";
import { decodeMarker } from "../../../src/protocol/marker.js";
import { Result } from "../../../src/protocol/result.js";
import type { ModulePr } from "../read-brief.js";

/**
 * The result the publish job posted for this attempt: the newest comment on the module PR by the app's
 * bot (the PR's author, as `readBrief` checked) whose result marker carries the attempt's nonce. Read
 * with the verify job's read-only token. Which comment it is does not make the re-verification trusted:
 * the app compares the record with the result it accepted itself, command by command.
 */
export async function findPostedResult(octokit: Octokit, pr: ModulePr, nonce: string): Promise<Result | null> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.number,
    per_page: 100,
  });
  let found: Result | null = null;
  for (const comment of comments) {
    if (comment.user?.login !== pr.bot.login) continue;
    const read = decodeMarker("result", comment.body ?? "", Result);
    if (read.ok && read.value.nonce === nonce) found = read.value;
  }
  return found;
}
