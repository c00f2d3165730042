import { z } from "zod";
import { CommandRun } from "./result.js";

export const REVERIFY_VERSION = 1;

/** What the verify job saw when it ran one item's two commands again. */
export const ReverifiedItem = z.object({
  id: z.string().min(1),
  verification: CommandRun.nullable(),
  hallucination_check: CommandRun.nullable(),
});
export type ReverifiedItem = z.infer<typeof ReverifiedItem>;

/**
 * The independent re-verification of one attempt (DESIGN §8, docs/security.md#independent-re-verification):
 * the executor workflow's `verify` job checks out exactly the pushed SHA afresh, runs the result's test
 * command, verification commands and hallucination checks again in the command sandbox, and the App posts
 * what it saw inside `<!-- conductor:reverify <base64-json> -->` on the module PR. `conductor/verify`
 * compares these exit codes with the ones the result claims. `error` says why nothing (or not everything)
 * could be run: the job refused, crashed, or found another SHA checked out.
 */
export const Reverification = z.object({
  version: z.literal(REVERIFY_VERSION),
  task: z.number().int().positive(),
  module: z.string().min(1),
  attempt: z.number().int().positive(),
  nonce: z.string().min(1),
  /** The SHA the verify job ran the commands on (its own `git rev-parse HEAD`). */
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  test: CommandRun.nullable(),
  items: z.array(ReverifiedItem),
  /** One line: what isolated the commands (the command sandbox's description). */
  sandbox: z.string(),
  error: z.string().optional(),
});
export type Reverification = z.infer<typeof Reverification>;
