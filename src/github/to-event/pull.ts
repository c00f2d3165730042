import { z } from "zod";
import type { Routed } from "../intake.js";
import { nothing } from "../intake.js";
import { parseTaskBranch } from "../task-branch.js";

const Sha = z.string().regex(/^[0-9a-f]{40}$/);

const PullPayload = z.object({
  action: z.string(),
  pull_request: z.object({
    number: z.number().int().positive(),
    merged: z.boolean().nullish(),
    merge_commit_sha: z.string().nullish(),
    head: z.object({ ref: z.string(), sha: Sha }),
  }),
  sender: z.object({ login: z.string() }),
});

/**
 * `pull_request.closed|synchronize` on a module branch → `PullMerged` / `PullClosed` / `PullSynchronized`.
 * Dropped before any request: PRs on any other branch (including the final PR: its merge is the humans'
 * business) and `ready_for_review`, which carries no fact the core decides on — the executor marks the PR
 * ready just before it posts its result, and the result is what counts (DESIGN §5).
 */
export function fromPullRequest(id: string, raw: unknown): Routed {
  const parsed = PullPayload.safeParse(raw);
  if (!parsed.success) return null;
  const { action, pull_request: pr, sender } = parsed.data;
  const task = parseTaskBranch(pr.head.ref);
  const module = task?.module;
  if (!task || !module) return null;
  const base = { issue: task.issue, id };
  if (action === "closed") {
    const mergeSha = Sha.safeParse(pr.merge_commit_sha);
    const event =
      pr.merged && mergeSha.success
        ? { type: "PullMerged" as const, id, module, number: pr.number, merge_sha: mergeSha.data }
        : { type: "PullClosed" as const, id, module, number: pr.number };
    return { ...base, build: async ({ record }) => (record ? { events: [event] } : nothing) };
  }
  if (action === "synchronize") {
    return {
      ...base,
      async build({ record, identity }) {
        if (!record) return nothing;
        const byApp = sender.login === (await identity.botLogin());
        return { events: [{ type: "PullSynchronized", id, module, head_sha: pr.head.sha, by_app: byApp }] };
      },
    };
  }
  return null;
}

const ReviewPayload = z.object({
  action: z.enum(["submitted", "dismissed"]),
  review: z.object({
    state: z.string(),
    commit_id: Sha,
    user: z.object({ login: z.string(), type: z.string() }).nullable(),
  }),
  pull_request: z.object({ head: z.object({ ref: z.string() }) }),
});

/** GitHub's review states, lower-cased (webhooks say `approved`, the REST API `APPROVED`). */
const ReviewState = z.enum(["approved", "changes_requested", "commented", "dismissed"]);

/**
 * `pull_request_review.submitted|dismissed` on a module PR → `ReviewSubmitted` with the review's state; the
 * core decides what each state means (a comment-only review changes nothing, a dismissed approval is
 * revoked). Bots' reviews are dropped (the event is documented as human reviews, src/core/events.ts), as are
 * states GitHub may add later.
 */
export function fromPullRequestReview(id: string, raw: unknown): Routed {
  const parsed = ReviewPayload.safeParse(raw);
  if (!parsed.success) return null;
  const { action, review, pull_request: pr } = parsed.data;
  const task = parseTaskBranch(pr.head.ref);
  const module = task?.module;
  // A dismissal's payload already says `dismissed`; the action decides, should it ever say otherwise.
  const state = ReviewState.safeParse(action === "dismissed" ? "dismissed" : review.state.toLowerCase());
  if (!task || !module || !review.user || review.user.type === "Bot" || !state.success) return null;
  const event = {
    type: "ReviewSubmitted" as const,
    id,
    module,
    head_sha: review.commit_id,
    state: state.data,
    reviewer: review.user.login,
  };
  return { issue: task.issue, id, build: async ({ record }) => (record ? { events: [event] } : nothing) };
}
