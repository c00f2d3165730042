import type { Config } from "../../config/schema.js";
import type { Plan } from "../../plan/plan.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import type { Log } from "../reconcile/log.js";

/** What the planner is given when the issue has no `## Implementation Phases` (DESIGN §1.2). */
export interface PlannerInput {
  octokit: GitHubClient;
  repo: RepoRef;
  issue: { number: number; title: string; body: string };
  /** The branch whose files the planner may look at (the task's base branch). */
  base: string;
  config: Config;
  log: Log;
}

/** The planner's answer: a plan, or errors to show the maintainer (each one line). */
export type PlannerOutcome = { ok: true; plan: Plan } | { ok: false; errors: string[] };

/**
 * The seam for `src/github/planner/planner.ts` (`planFromIssue`); `null` means no planner is configured. Its own
 * file so `deps.ts` (which holds the seam) and `plan-with-planner.ts` (its real default) both depend on it.
 */
export type Planner = (input: PlannerInput) => Promise<PlannerOutcome>;
