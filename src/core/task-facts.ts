import { z } from "zod";
import { Plan } from "../plan/plan.js";
import { Brief } from "../protocol/brief.js";
import { Result } from "../protocol/result.js";

const Sha = z.string().regex(/^[0-9a-f]{40}$/);

/** One of the app's result comments on a module PR (comments by anyone else never get here). */
export const ResultFact = z.object({ comment_id: z.number().int().positive(), result: Result });
export type ResultFact = z.infer<typeof ResultFact>;

/** A pull request whose head is a module branch of the repository itself (never a fork's). */
export const PullFact = z.object({
  number: z.number().int().positive(),
  state: z.enum(["open", "closed"]),
  merged: z.boolean(),
  merge_sha: Sha.nullable(),
  head_sha: Sha,
  /** The brief in its body: the attempt it was last written for and that attempt's nonce; null when unreadable. */
  brief: Brief.nullable(),
  results: z.array(ResultFact),
});
export type PullFact = z.infer<typeof PullFact>;

/**
 * What GitHub says about a task, read by the adapter (src/github/reset/read-task-facts.ts) when the record must
 * be rebuilt (`/reset`, `/abort` of a task whose record is unreadable): everything `rebuildTask` decides from.
 */
export const TaskFacts = z.object({
  issue: z.number().int().positive(),
  issue_open: z.boolean(),
  labels: z.array(z.string()),
  assignees: z.array(z.string()),
  default_branch: z.string().min(1),
  /** The plan and where it was read: the issue body's spec (or task file), else the dashboard's copy. */
  plan: Plan.nullable(),
  plan_from: z.enum(["issue", "dashboard"]).nullable(),
  plan_errors: z.array(z.string()),
  /** The integration branch's head and where it forked from the base branch; null when it does not exist. */
  integration: z.object({ head: Sha, fork_point: Sha.nullable() }).nullable(),
  /** The refs `refs/conductor/<issue>/checkpoint-<phase>`. */
  checkpoints: z.array(z.object({ phase: z.number().int().positive(), sha: Sha })),
  /** Module PRs by module key (`p1-api`), oldest first. */
  pulls: z.record(z.string(), z.array(PullFact)),
});
export type TaskFacts = z.infer<typeof TaskFacts>;
