import type { Octokit } from "@octokit/rest";
import { z } from "zod";

/**
 * The one Octokit capability the adapter's readers and writers need: `request`. Probot's
 * `context.octokit`, `@octokit/rest` and the sandbox's client all have it, so they can be passed in.
 */
export type GitHubClient = Pick<Octokit, "request">;

/** A repository, as every adapter call addresses it. */
export type RepoRef = { owner: string; repo: string };

const HttpFailure = z.object({
  status: z.number(),
  response: z.object({ data: z.unknown().optional() }).optional(),
});
// Built once: a zod 4 schema compiles itself on first use, so one built per call costs ~60 µs, not ~2 µs.
const GitHubMessage = z.object({ message: z.string() });

/**
 * The HTTP status and GitHub's message of an Octokit `RequestError` (or `undefined` for anything else),
 * read through a schema rather than `instanceof`, so any Octokit copy's errors are recognised.
 */
export function httpFailure(error: unknown): { status: number; message: string } | undefined {
  const parsed = HttpFailure.safeParse(error);
  if (!parsed.success) return undefined;
  const data = GitHubMessage.safeParse(parsed.data.response?.data);
  return { status: parsed.data.status, message: data.success ? data.data.message : "" };
}
