import { type JobOutcome, matchWorkflow, type TriggerEvent, type WorkflowMatch } from "./match-trigger.js";
import type { Workflow } from "./workflow.js";

/**
 * Does a workflow put a check on the head of a Conductor module PR? A module PR goes through these events
 * (docs/architecture.md, "module PRs"): opened as a draft on a start commit; the executor pushes
 * (`synchronize`, still a draft) and marks it ready (`ready_for_review`); a later attempt pushes again to
 * the ready PR (`synchronize`, not a draft); the branch push itself is a `push` to the module branch.
 * The head the gate waits on is the pushed one, so `opened` (on the start commit) does not count. Pure.
 */

/** Where the module PR goes: its base (`conductor/7/integration`), its branch, and the changed files if known. */
export interface ModulePull {
  base: string;
  head: string;
  paths: readonly string[] | null;
}

export type ModulePullVerdict =
  /** Jobs that report on the pushed head; `target` when only `pull_request_target` fires (it reports on the base). */
  | { kind: "runs"; jobs: string[]; event: string; line: number; target: boolean }
  /** Fires only when the changed files match a `paths` filter. */
  | { kind: "depends"; because: string; line: number }
  /** A job skips drafts and nothing re-runs it when the PR is marked ready: GitHub reports it `skipped`. */
  | { kind: "skipped-on-drafts"; jobs: JobOutcome[]; line: number }
  /** It listens to pull requests or pushes, but a filter keeps it from firing. */
  | { kind: "filtered"; because: string; line: number }
  /** It fires, but every job's `if:` is false. */
  | { kind: "jobs-skipped"; because: string; line: number }
  /** It listens to neither `pull_request`, `pull_request_target` nor `push` (a release, cron, dispatch…). */
  | { kind: "not-triggered"; events: string[] };

const pull = (pr: ModulePull, action: string, draft: boolean): TriggerEvent => ({
  kind: "pull_request",
  action,
  base: pr.base,
  head: pr.head,
  draft,
  paths: pr.paths,
});

/** The events that can put a check on a module PR's pushed head, in the order GitHub sends them. */
export function modulePullEvents(pr: ModulePull): TriggerEvent[] {
  return [
    pull(pr, "synchronize", true),
    pull(pr, "ready_for_review", false),
    pull(pr, "synchronize", false),
    { kind: "push", branch: pr.head, paths: pr.paths },
  ];
}

/** Which jobs of `workflow` report on a module PR's head, or why none does. */
export function modulePullVerdict(workflow: Workflow, pr: ModulePull): ModulePullVerdict {
  const events = modulePullEvents(pr);
  const matches = events.map((event) => matchWorkflow(workflow, event));
  const [draftPush, ready, laterPush, push] = matches as [WorkflowMatch, WorkflowMatch, WorkflowMatch, WorkflowMatch];
  if (matches.every((m) => m.triggers.length === 0)) {
    return { kind: "not-triggered", events: workflow.triggers.map((t) => t.event) };
  }
  // The first attempt's head gets its checks from the draft push or the ready event (or a branch push).
  const first = [draftPush, ready, push];
  const running = first
    .filter((m) => m.fired?.fires === "yes")
    .flatMap((m) => m.jobs.filter((j) => j.runs === true).map((j) => ({ match: m, job: j })));
  if (running.length > 0) {
    const names = [...new Set(running.map((r) => r.job.job.name))];
    const fired = running.find((r) => r.match.fired?.event !== "pull_request_target") ?? running[0];
    const trigger = fired?.match.fired;
    return {
      kind: "runs",
      jobs: names,
      event: trigger?.event ?? "pull_request",
      line: trigger?.line ?? workflow.onLine,
      target: running.every((r) => r.match.fired?.event === "pull_request_target"),
    };
  }
  const depends = first.map((m) => m.fired).find((t) => t?.fires === "depends");
  if (depends) return { kind: "depends", because: depends.because, line: depends.line };
  const draftSkipped = draftPush.jobs.filter((j) => j.runs === false && /draft/.test(j.because));
  if (draftPush.fired && draftSkipped.length > 0 && !ready.fired) {
    const types = workflow.triggers.find((t) => t.event === draftPush.fired?.event)?.filters.types;
    return { kind: "skipped-on-drafts", jobs: draftSkipped, line: types?.line ?? draftPush.fired.line };
  }
  const fired = [draftPush, ready, laterPush, push].find((m) => m.fired);
  if (fired) {
    const skipped = fired.jobs.find((j) => j.runs !== true);
    return {
      kind: "jobs-skipped",
      because: skipped ? `job \`${skipped.job.name}\`: ${skipped.because}` : "it has no jobs",
      line: skipped?.line ?? workflow.onLine,
    };
  }
  // Nothing fired: the reason of the pull-request trigger for a push to a ready PR is the one to fix.
  const no = laterPush.triggers[0] ?? push.triggers[0];
  return { kind: "filtered", because: no?.because ?? "no trigger fires", line: no?.line ?? workflow.onLine };
}
