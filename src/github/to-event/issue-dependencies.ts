import { z } from "zod";
import { isTerminal } from "../../core/step.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { blockersEvent } from "../reads/read-blockers.js";
import { type DeferredIntake, type Intake, nothing, type Routed } from "../reconcile/intake.js";

const Issue = z.object({
  number: z.number().int().positive(),
  state: z.string().optional(),
  labels: z.array(z.object({ name: z.string() })).nullish(),
});
const Payload = z.object({ action: z.string(), blocked_issue: Issue });

/** A task issue carries a `conductor:` status label (the first thing a task sets). */
const isTask = (issue: z.infer<typeof Issue>) => (issue.labels ?? []).some((l) => l.name.startsWith("conductor:"));

/** Reads the task's blockers again and hands them to the core (`BlockersRead`). */
export function blockersIntake(issue: number, id: string): Intake {
  return {
    issue,
    id,
    async build(io) {
      if (!io.record || isTerminal(io.record)) return nothing;
      return { events: [await blockersEvent(io.octokit, io.repo, issue, id)] };
    },
  };
}

/**
 * `issue_dependencies.blocked_by_added|removed` on a task issue: its blocked-by list changed
 * (docs/task-graph.md#blocked-by). `blocking_*` actions are the same change seen from the other issue.
 */
export function fromIssueDependencies(id: string, raw: unknown): Routed {
  const parsed = Payload.safeParse(raw);
  if (!parsed.success || !parsed.data.action.startsWith("blocked_by_")) return null;
  if (!isTask(parsed.data.blocked_issue)) return null;
  return blockersIntake(parsed.data.blocked_issue.number, id);
}

const Blocked = z.array(Issue);

/**
 * An issue that is not a task closed or reopened: every open task it blocks reads its blockers again, so
 * closing the last blocker starts the task without a new label. One read (`…/dependencies/blocking`)
 * finds them; an issue that blocks nothing costs only that read.
 */
export function blockingChanged(issue: number, id: string): DeferredIntake {
  return {
    async resolve(octokit: GitHubClient, repo: RepoRef) {
      const res = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocking", {
        ...repo,
        issue_number: issue,
        per_page: 100,
      });
      const tasks = Blocked.parse(res.data).filter((i) => i.state === "open" && isTask(i));
      return tasks.map((task) => blockersIntake(task.number, `${id}:${task.number}`));
    },
  };
}
