/**
 * The orphan branch `conductor/state` that holds every task record of a repository (src/github/store/store.ts),
 * made once per repository when the first record is saved.
 *
 * Its first commit has no parent and a tree of one README, so the branch shares no history with the code
 * and, above all, has no `.github/workflows`: GitHub reads the workflows of a push from the pushed commit,
 * so no write to this branch ever starts a CI run (DESIGN §7). The tree is deterministic (every replica
 * makes the same SHA); the commit is not, which does not matter: when two replicas race, the second
 * `POST /git/refs` answers 422 "Reference already exists", and the branch the first one made is as good.
 */
import { z } from "zod";
import { type GitHubClient, httpFailure, type RepoRef } from "../octokit/client.js";

/** The branch the task records live on. */
export const STATE_BRANCH = "conductor/state";

/** The file of one task's record on the state branch, e.g. `tasks/7.json`. */
export const taskPath = (issue: number): string => `tasks/${issue}.json`;

/** The folder of the records, for listing. */
export const TASKS_DIR = "tasks";

const README = `# Conductor task records

This branch is written by the Conductor GitHub App: \`tasks/<issue>.json\` is the record of the task
started from that issue (its modules, attempts, pull requests and pending effects), saved with the
contents API's compare-and-swap (\`sha\`).

- It has no history in common with the code and no \`.github/workflows\`, so its commits start no CI run.
- Do not edit it by hand while a task runs: Conductor would take your edit as the task's state.
- Deleting it forgets every task's progress (the pull requests and branches stay).
`;

const Sha = z.object({ sha: z.string() });

/** Creates `conductor/state` (tree, root commit, ref); a branch another writer made first is fine. */
export async function createStateBranch(octokit: GitHubClient, repo: RepoRef): Promise<void> {
  const tree = await octokit.request("POST /repos/{owner}/{repo}/git/trees", {
    ...repo,
    tree: [{ path: "README.md", mode: "100644", type: "blob", content: README }],
  });
  const commit = await octokit.request("POST /repos/{owner}/{repo}/git/commits", {
    ...repo,
    message: "conductor: task records",
    tree: Sha.parse(tree.data).sha,
    parents: [],
  });
  try {
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", {
      ...repo,
      ref: `refs/heads/${STATE_BRANCH}`,
      sha: Sha.parse(commit.data).sha,
    });
  } catch (error) {
    const failure = httpFailure(error);
    if (failure?.status === 422 && /already exists/i.test(failure.message)) return;
    throw error;
  }
}
