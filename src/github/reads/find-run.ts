import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";

const Run = z.object({
  id: z.number().int().positive(),
  name: z.string().nullish(),
  display_title: z.string().nullish(),
  status: z.string().nullable(),
});
export type RunData = z.infer<typeof Run>;

/** True when the run's name carries `nonce` (the executor workflow's `run-name` contains it, DESIGN §5). */
export const runCarries = (run: Pick<RunData, "name" | "display_title">, nonce: string): boolean =>
  [run.display_title, run.name].some((text) => typeof text === "string" && text.includes(nonce));

/**
 * The executor run of one dispatch, found by the nonce in its name among the workflow's
 * `workflow_dispatch` runs on the module branch (newest first; one page is plenty for one branch).
 */
export async function findRunByNonce(
  octokit: GitHubClient,
  repo: RepoRef,
  workflow: string,
  branch: string,
  nonce: string,
): Promise<RunData | null> {
  const res = await octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
    ...repo,
    workflow_id: workflow,
    branch,
    event: "workflow_dispatch",
    per_page: 30,
  });
  const runs = z.object({ workflow_runs: z.array(Run) }).parse(res.data).workflow_runs;
  return runs.find((run) => runCarries(run, nonce)) ?? null;
}
