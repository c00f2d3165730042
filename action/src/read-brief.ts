import type { Octokit } from "@octokit/rest";
import { Brief } from "../../src/protocol/brief.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import type { Inputs } from "./inputs.js";
import { Refusal } from "./refusal.js";

/** What the executor needs from the module PR besides the brief. */
export interface ModulePr {
  owner: string;
  repo: string;
  number: number;
  nodeId: string;
  draft: boolean;
  /** The module branch, e.g. `conductor/7/p1-proto`. */
  branch: string;
  /** The branch the PR targets: the task's integration branch. */
  base: string;
  /** The base branch's head as GitHub last computed the PR (a review diffs against its merge base). */
  baseSha: string;
  headSha: string;
  /** The app's bot user, which opened the PR; commits are made in its name. */
  bot: { login: string; id: number };
}

/**
 * Reads the module PR and the brief in its hidden marker, and refuses (with every reason at once) when
 * the PR is not Conductor's or the brief is not the one this run was dispatched for: a stale dispatch
 * or a replayed one must not spend a token.
 */
export async function readBrief(
  octokit: Octokit,
  repository: string,
  inputs: Inputs,
): Promise<{ brief: Brief; pr: ModulePr }> {
  const [owner = "", repo = ""] = repository.split("/");
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: inputs.pr }).catch((error: unknown) => {
    if (error instanceof Error && "status" in error && error.status === 404) {
      throw new Refusal(`refusing to work on PR #${inputs.pr}`, [
        `PR #${inputs.pr} was not found in ${repository}: check the dispatch, and that the token is the app's for this repository`,
      ]);
    }
    throw error;
  });
  const problems: string[] = [];
  if (data.state !== "open") problems.push(`PR #${inputs.pr} is ${data.state}, not open`);
  if (data.user?.type !== "Bot") {
    problems.push(`PR #${inputs.pr} was opened by ${data.user?.login ?? "nobody"}, not by Conductor's app`);
  }
  if (!data.head.ref.startsWith(`conductor/${inputs.task}/`)) {
    problems.push(`PR #${inputs.pr}'s branch ${data.head.ref} is not a module branch of task #${inputs.task}`);
  }
  const read = decodeMarker("brief", data.body ?? "", Brief);
  if (!read.ok) problems.push(`PR #${inputs.pr} has no valid brief (${read.message})`);
  const brief = read.ok ? read.value : undefined;
  if (brief) {
    const expect = { task: inputs.task, attempt: inputs.attempt, nonce: inputs.nonce } as const;
    for (const key of ["task", "attempt", "nonce"] as const) {
      if (brief[key] !== expect[key]) {
        problems.push(`the brief's ${key} is ${brief[key]} but this run was dispatched with ${expect[key]}`);
      }
    }
  }
  if (!brief || problems.length > 0) throw new Refusal(`refusing to work on PR #${inputs.pr}`, problems);
  return {
    brief,
    pr: {
      owner,
      repo,
      number: data.number,
      nodeId: data.node_id,
      draft: data.draft ?? false,
      branch: data.head.ref,
      base: data.base.ref,
      baseSha: data.base.sha,
      headSha: data.head.sha,
      bot: { login: data.user?.login ?? "", id: data.user?.id ?? 0 },
    },
  };
}
