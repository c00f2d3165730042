import { z } from "zod";
import { branchHead, putRef } from "../reads/git-refs.js";
import { undoneCommits } from "../reads/undone-commits.js";
import { openPull } from "./open-pull.js";
import type { Performer } from "./perform-env.js";

const CommitTree = z.object({ tree: z.object({ sha: z.string() }) });

/** `conductor/<issue>/restore-phase-<n>`: the branch of the restore PR. */
export const restoreBranch = (issue: number, phase: number): string => `conductor/${issue}/restore-phase-${phase}`;

/**
 * With `integration: false` a rollback never rewrites the base (DESIGN §2): one commit whose tree is the
 * checkpoint's, on top of the base's current head, on a branch of its own, and a PR listing every commit it
 * undoes, human commits flagged. Rule: the branch is moved to the new commit and an open PR for it is
 * reused, so doing it again refreshes the same PR instead of opening a second.
 */
export const openRestorePullRequest: Performer<"OpenRestorePullRequest"> = async (effect, env) => {
  const { octokit, repo } = env;
  const head = await branchHead(octokit, repo, effect.base);
  const target = CommitTree.parse(
    (
      await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", {
        ...repo,
        commit_sha: effect.to_sha,
      })
    ).data,
  );
  const undone = await undoneCommits(octokit, repo, effect.to_sha, head);
  const branch = restoreBranch(env.issue, effect.phase);
  const commit = await octokit.request("POST /repos/{owner}/{repo}/git/commits", {
    ...repo,
    message: `conductor: restore the checkpoint before phase ${effect.phase} of #${env.issue}\n\nTree of ${effect.to_sha}; undoes ${undone.length} commit(s).`,
    tree: target.tree.sha,
    parents: [head],
  });
  await putRef(octokit, repo, `refs/heads/${branch}`, z.object({ sha: z.string() }).parse(commit.data).sha, true);
  const body = [
    `Conductor rolled back task #${env.issue} to the checkpoint before phase ${effect.phase} (\`${effect.to_sha.slice(0, 7)}\`).`,
    `\`${effect.base}\` is not Conductor's own branch, so instead of rewriting it this PR puts the checkpoint's files back on top of it.`,
    "",
    `Reason: ${effect.reason}`,
    "",
    `It undoes ${undone.length} commit${undone.length === 1 ? "" : "s"}:`,
    "",
    ...(undone.length > 0 ? undone : ["- none"]),
  ].join("\n");
  await openPull(octokit, repo, {
    title: `[conductor #${env.issue}] Restore the checkpoint before phase ${effect.phase}`,
    head: branch,
    base: effect.base,
    body,
    draft: false,
  });
  return [];
};
