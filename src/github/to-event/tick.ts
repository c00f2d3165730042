import type { Event } from "../../core/events.js";
import { findHead } from "../../core/heads.js";
import { isTerminal, runningAttempt } from "../../core/step.js";
import { readChecks } from "../checks/read-checks.js";
import { etagCache } from "../octokit/conditional-read.js";
import { findAiReview } from "../reads/find-ai-review.js";
import { findResultComment } from "../reads/find-result-comment.js";
import { blockersEvent } from "../reads/read-blockers.js";
import { remember } from "../reconcile/bounded.js";
import { CACHE_LIMITS } from "../reconcile/caches.js";
import { type BuildIO, type Intake, nothing } from "../reconcile/intake.js";

/**
 * Facts a lost webhook may have kept from the task (the app was restarting, GitHub gave up a delivery):
 * the checks of every head still waiting for them, and the result comment of every running attempt.
 * Reading them on a tick is what makes "lost webhooks" one of the things the sweep reconciles (DESIGN §7).
 */
async function lostFacts(io: BuildIO, id: string): Promise<Event[]> {
  const record = io.record;
  if (!record) return [];
  const events: Event[] = [];
  for (const m of record.modules) {
    const attempt = runningAttempt(m);
    if (attempt?.mode === "review" && m.pr !== null) {
      const review = await findAiReview(io, m.pr, attempt.nonce);
      if (review) {
        events.push({
          type: "AiReviewPosted",
          id: `${id}:review:${m.key}`,
          module: m.key,
          ...review,
          author_is_app: true,
        });
        continue;
      }
    }
    if (attempt && m.pr !== null) {
      const found = await findResultComment(io, m.pr, attempt.nonce, attempt.dispatched_at);
      if (found) {
        remember(io.caches.results, found.comment_id, found.result, CACHE_LIMITS.results);
        events.push({
          type: "ResultPosted",
          id: `${id}:result:${m.key}`,
          module: m.key,
          ...found,
          author_is_app: true,
        });
      }
    }
    const checks = m.head_sha === null ? null : (findHead(m, m.head_sha)?.checks ?? null);
    if (m.state === "verifying" && m.head_sha !== null && (checks === null || checks.pending.length > 0)) {
      const read = await readChecks(io.octokit, io.repo, m.head_sha, {
        checks: record.config.gates.checks,
        executorWorkflow: record.config.executor.workflow,
        etags: etagCache(io.caches),
      });
      events.push({
        type: "ChecksCompleted",
        id: `${id}:checks:${m.key}`,
        module: m.key,
        head_sha: m.head_sha,
        checks: read,
      });
    }
  }
  return events;
}

/** The sweep's `Tick` for one task, after the facts lost webhooks may have kept from it. */
export function tickIntake(issue: number, now: number): Intake {
  const id = `tick:${now}`;
  return {
    issue,
    id,
    coalesce: "tick",
    async build(io) {
      if (!io.record || isTerminal(io.record)) return nothing;
      // While the task waits for blockers the sweep reads them again, in case a close or its webhook was lost.
      const waiting = io.record.blockers.length > 0;
      const blockers = waiting ? [await blockersEvent(io.octokit, io.repo, issue, id)] : [];
      return { events: [...(await lostFacts(io, id)), ...blockers, { type: "Tick", id }] };
    },
  };
}
