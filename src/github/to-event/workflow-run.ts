import { z } from "zod";
import type { Event } from "../../core/events.js";
import { findAiReview } from "../reads/find-ai-review.js";
import { findResultComment } from "../reads/find-result-comment.js";
import { runCarries } from "../reads/find-run.js";
import { parseTaskBranch } from "../reads/task-branch.js";
import { remember } from "../reconcile/bounded.js";
import { CACHE_LIMITS } from "../reconcile/caches.js";
import { nothing, type Routed } from "../reconcile/intake.js";

const Payload = z.object({
  workflow_run: z.object({
    id: z.number().int().positive(),
    name: z.string().nullish(),
    display_title: z.string().nullish(),
    head_branch: z.string().nullable(),
    event: z.string(),
    path: z.string(),
    conclusion: z.string().nullable(),
  }),
});

/** `.github/workflows/conductor-executor.yml` (or `…@ref`) is a run of `executor.workflow`. */
const isWorkflow = (path: string, workflow: string): boolean =>
  path.replace(/@.*$/, "").split("/").pop() === workflow.split("/").pop();

/**
 * `workflow_run.completed` of the executor on a module branch → `RunCompleted`, preceded by the run's
 * `ResultPosted` when its result comment exists but was not heard of (DESIGN §5: a run that ends without
 * a result is an infrastructure failure, so the result is looked for first). Dropped before any request:
 * runs not started by `workflow_dispatch` (CI on the PR) and runs on other branches.
 */
export function fromWorkflowRun(id: string, raw: unknown): Routed {
  const parsed = Payload.safeParse(raw);
  if (!parsed.success || parsed.data.workflow_run.event !== "workflow_dispatch") return null;
  const run = parsed.data.workflow_run;
  const task = parseTaskBranch(run.head_branch);
  const key = task?.module;
  if (!task || !key) return null;
  return {
    issue: task.issue,
    id,
    async build(io) {
      const module = io.record?.modules.find((m) => m.key === key);
      if (!io.record || !module || !isWorkflow(run.path, io.record.config.executor.workflow)) return nothing;
      const attempt = module.attempts.find((a) => runCarries(run, a.nonce));
      const events: Event[] = [];
      if (attempt?.state === "running" && attempt.mode === "review" && module.pr !== null) {
        // A review attempt answers with a PR review; looked for first, like a result (docs/ai-review.md).
        const review = await findAiReview(io, module.pr, attempt.nonce);
        if (review)
          events.push({ type: "AiReviewPosted", id: `${id}:result`, module: key, ...review, author_is_app: true });
      }
      if (attempt?.state === "running" && module.pr !== null && events.length === 0) {
        const found = await findResultComment(io, module.pr, attempt.nonce, attempt.dispatched_at);
        if (found) {
          remember(io.caches.results, found.comment_id, found.result, CACHE_LIMITS.results);
          events.push({ type: "ResultPosted", id: `${id}:result`, module: key, ...found, author_is_app: true });
        }
      }
      events.push({
        type: "RunCompleted",
        id,
        module: key,
        nonce: attempt?.nonce ?? null,
        run_id: run.id,
        conclusion: run.conclusion ?? "unknown",
      });
      return { events };
    },
  };
}
