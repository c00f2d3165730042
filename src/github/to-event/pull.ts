import { z } from "zod";
import type { TaskRecord } from "../../core/record.js";
import { decodeMarker, hasMarker } from "../../protocol/marker.js";
import { ReviewReport } from "../../protocol/review.js";
import { readRole } from "../reads/read-role.js";
import { parseTaskBranch } from "../reads/task-branch.js";
import type { Routed } from "../reconcile/intake.js";
import { nothing } from "../reconcile/intake.js";

const Sha = z.string().regex(/^[0-9a-f]{40}$/);
/** `head.repo` is null when the fork was deleted. */
const Repo = z.object({ id: z.number() }).nullish();

const PullPayload = z.object({
  action: z.string(),
  pull_request: z.object({
    number: z.number().int().positive(),
    merged: z.boolean().nullish(),
    merge_commit_sha: z.string().nullish(),
    head: z.object({ ref: z.string(), sha: Sha, repo: Repo }),
    base: z.object({ repo: Repo }),
  }),
  sender: z.object({ login: z.string() }),
});

/**
 * Which module a PR is, if any: its head branch is a module branch *of this repository* and its number is
 * the module's PR. Branch names are anyone's to choose, so a PR from a fork whose branch is called
 * `conductor/7/p1-proto` (DESIGN §1.4's name) is not that module's PR, and neither is a second PR of ours
 * opened by hand from the module branch; their pushes, closes and reviews are not the module's.
 */
export function modulePull(
  record: TaskRecord | null,
  pr: {
    number: number;
    head: { ref: string; repo?: { id: number } | null | undefined };
    base: { repo?: { id: number } | null | undefined };
  },
): string | null {
  const key = parseTaskBranch(pr.head.ref)?.module;
  const sameRepo = pr.head.repo != null && pr.base.repo != null && pr.head.repo.id === pr.base.repo.id;
  if (!record || !key || !sameRepo) return null;
  return record.modules.some((m) => m.key === key && m.pr === pr.number) ? key : null;
}

/** A fork's PR never names a task: the payload already says so, before any request. */
const fromFork = (pr: { head: { repo?: { id: number } | null }; base: { repo?: { id: number } | null } }) =>
  pr.head.repo == null || pr.base.repo == null || pr.head.repo.id !== pr.base.repo.id;

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
  if (!task?.module || fromFork(pr)) return null;
  const base = { issue: task.issue, id };
  if (action === "closed") {
    const mergeSha = Sha.safeParse(pr.merge_commit_sha);
    return {
      ...base,
      async build({ record }) {
        const module = modulePull(record, pr);
        if (!module) return nothing;
        const event =
          pr.merged && mergeSha.success
            ? { type: "PullMerged" as const, id, module, number: pr.number, merge_sha: mergeSha.data }
            : { type: "PullClosed" as const, id, module, number: pr.number };
        return { events: [event] };
      },
    };
  }
  if (action === "synchronize") {
    return {
      ...base,
      async build({ record, identity }) {
        const module = modulePull(record, pr);
        if (!module) return nothing;
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
    id: z.number().int().positive(),
    body: z.string().nullish(),
    state: z.string(),
    commit_id: Sha,
    user: z.object({ login: z.string(), type: z.string() }).nullable(),
  }),
  pull_request: z.object({
    number: z.number().int().positive(),
    head: z.object({ ref: z.string(), repo: Repo }),
    base: z.object({ repo: Repo }),
  }),
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
  // A dismissal's payload already says `dismissed`; the action decides, should it ever say otherwise.
  const state = ReviewState.safeParse(action === "dismissed" ? "dismissed" : review.state.toLowerCase());
  const user = review.user;
  if (action === "submitted" && task?.module && !fromFork(pr) && user && hasMarker("review", review.body ?? "")) {
    return aiReview(id, task.issue, pr, review.id, review.body ?? "", user.login);
  }
  if (!task?.module || fromFork(pr) || !user || user.type === "Bot" || !state.success) return null;
  return {
    issue: task.issue,
    id,
    async build(io) {
      const module = modulePull(io.record, pr);
      if (!module) return nothing;
      // Only an approval needs the reviewer's role (the core counts approvals from `write` up); other
      // states cost no request.
      const role = state.data === "approved" ? await readRole(io.octokit, io.repo, user.login) : null;
      const event = {
        type: "ReviewSubmitted" as const,
        id,
        module,
        head_sha: review.commit_id,
        state: state.data,
        reviewer: user.login,
        role,
      };
      return { events: [event] };
    },
  };
}

/**
 * A review carrying a `conductor:review` marker → `AiReviewPosted` (docs/ai-review.md). Whoever posted it, the
 * core hears of it, with `author_is_app` only for the app's own identity: anyone can paste a marker into a
 * review, and such a review is logged and ignored for the gate. A marker that does not parse is dropped.
 */
function aiReview(
  id: string,
  issue: number,
  pr: z.infer<typeof ReviewPayload>["pull_request"],
  reviewId: number,
  body: string,
  login: string,
): Routed {
  const read = decodeMarker("review", body, ReviewReport);
  if (!read.ok) return null;
  return {
    issue,
    id,
    async build(io) {
      const module = modulePull(io.record, pr);
      if (!module) return nothing;
      const authorIsApp = login === (await io.identity.botLogin());
      if (!authorIsApp) io.log.warn({ review: reviewId, author: login }, "an AI review marker not posted by the app");
      const event = {
        type: "AiReviewPosted" as const,
        id,
        module,
        review_id: reviewId,
        reviewer: login,
        author_is_app: authorIsApp,
        review: read.value,
      };
      return { events: [event] };
    },
  };
}
