import { type ExpressionContext, evaluateCondition, mentionsDraft, type Truth } from "./expression.js";
import { matchesFilters } from "./filter-pattern.js";
import type { Filter, Job, Trigger, Workflow } from "./workflow.js";

/**
 * Does a workflow fire for a pull-request (or push) event, and which of its jobs run? GitHub's rules from
 * its "Events that trigger workflows" and "Workflow syntax" references:
 *
 * - `pull_request` / `pull_request_target`: `types` defaults to `opened`, `synchronize`, `reopened` (so a
 *   draft marked ready starts nothing unless `ready_for_review` is listed); `branches` / `branches-ignore`
 *   match the PR's BASE branch; `paths` fires when at least one changed path is selected, `paths-ignore`
 *   skips only when every changed path is ignored.
 * - `push`: `branches` / `branches-ignore` match the pushed branch; a push trigger with only `tags`
 *   filters never fires for a branch; `paths` as above.
 * - A job runs when its `if:` holds (evaluated with what the event says: event name, action, draft, refs)
 *   and every job it `needs` ran, unless its `if:` calls `always()`.
 *
 * Pure. `paths: null` means the changed files are not known yet (the doctor, before any module exists):
 * a paths filter then makes the answer `depends`.
 */

export interface PullRequestEvent {
  kind: "pull_request";
  /** `opened`, `synchronize`, `reopened`, `ready_for_review`, … */
  action: string;
  /** The PR's base branch (what `branches` filters match), e.g. `conductor/7/integration`. */
  base: string;
  head: string;
  draft: boolean;
  paths: readonly string[] | null;
}

export interface PushEvent {
  kind: "push";
  branch: string;
  paths: readonly string[] | null;
}

export type TriggerEvent = PullRequestEvent | PushEvent;

/** Whether one `on:` entry fires, why, and the line that decides it. */
export interface TriggerOutcome {
  event: string;
  fires: "yes" | "no" | "depends";
  because: string;
  line: number;
}

/** Whether one job runs when the workflow fires, why, and the line that decides it. */
export interface JobOutcome {
  job: Job;
  runs: Truth;
  because: string;
  line: number;
}

/** The whole answer for one workflow and one event. */
export interface WorkflowMatch {
  /** Every `on:` entry that could answer this kind of event (empty: the workflow does not listen to it). */
  triggers: TriggerOutcome[];
  /** The first trigger that fires (or may), or null. */
  fired: TriggerOutcome | null;
  /** The jobs, evaluated for the trigger that fired; empty when nothing fired. */
  jobs: JobOutcome[];
}

const DEFAULT_PULL_TYPES = ["opened", "synchronize", "reopened"];
const list = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(", ");

/** Matches `event` against `workflow`: which triggers fire and which jobs then run. */
export function matchWorkflow(workflow: Workflow, event: TriggerEvent): WorkflowMatch {
  const names = event.kind === "push" ? ["push"] : ["pull_request", "pull_request_target"];
  const triggers = workflow.triggers.filter((t) => names.includes(t.event)).map((t) => matchTrigger(t, event));
  const fired = triggers.find((t) => t.fires === "yes") ?? triggers.find((t) => t.fires === "depends") ?? null;
  return { triggers, fired, jobs: fired ? matchJobs(workflow.jobs, fired.event, event) : [] };
}

function matchTrigger(trigger: Trigger, event: TriggerEvent): TriggerOutcome {
  const { filters } = trigger;
  const outcome = (fires: TriggerOutcome["fires"], because: string, line = trigger.line): TriggerOutcome => ({
    event: trigger.event,
    fires,
    because,
    line,
  });
  if (event.kind === "pull_request") {
    const types = filters.types?.values ?? DEFAULT_PULL_TYPES;
    if (!types.includes(event.action)) {
      const where = filters.types ? `\`types\` lists ${list(types)}` : `the default \`types\` are ${list(types)}`;
      return outcome("no", `${where}, not \`${event.action}\``, filters.types?.line);
    }
  }
  const branch = event.kind === "push" ? event.branch : event.base;
  const which = event.kind === "push" ? "the pushed branch" : "the base branch";
  if (
    event.kind === "push" &&
    (filters.tags || filters["tags-ignore"]) &&
    !filters.branches &&
    !filters["branches-ignore"]
  ) {
    return outcome(
      "no",
      "only `tags` are filtered, so branch pushes never fire it",
      (filters.tags ?? filters["tags-ignore"])?.line,
    );
  }
  const branches = filters.branches;
  if (branches && !matchesFilters(branches.values, branch)) {
    return outcome(
      "no",
      `\`branches\` (${list(branches.values)}) does not select ${which} \`${branch}\``,
      branches.line,
    );
  }
  const ignored = filters["branches-ignore"];
  if (ignored && matchesFilters(ignored.values, branch)) {
    return outcome("no", `\`branches-ignore\` (${list(ignored.values)}) ignores ${which} \`${branch}\``, ignored.line);
  }
  const paths = pathsOutcome(filters.paths, filters["paths-ignore"], event.paths);
  if (paths) return outcome(paths.fires, paths.because, paths.line);
  return outcome("yes", `\`${trigger.event}\` fires for ${which} \`${branch}\``);
}

function pathsOutcome(
  paths: Filter | undefined,
  ignore: Filter | undefined,
  changed: readonly string[] | null,
): { fires: "no" | "depends"; because: string; line: number } | null {
  if (paths) {
    if (changed === null) {
      return {
        fires: "depends",
        because: `only when a changed file matches \`paths\` (${list(paths.values)})`,
        line: paths.line,
      };
    }
    if (!changed.some((path) => matchesFilters(paths.values, path))) {
      return { fires: "no", because: `no changed file matches \`paths\` (${list(paths.values)})`, line: paths.line };
    }
  }
  if (ignore) {
    if (changed === null) {
      return {
        fires: "depends",
        because: `not when every changed file matches \`paths-ignore\` (${list(ignore.values)})`,
        line: ignore.line,
      };
    }
    if (changed.length > 0 && changed.every((path) => matchesFilters(ignore.values, path))) {
      return {
        fires: "no",
        because: `every changed file matches \`paths-ignore\` (${list(ignore.values)})`,
        line: ignore.line,
      };
    }
  }
  return null;
}

/** What a job's `if:` can know about the event. */
export function expressionContext(eventName: string, event: TriggerEvent): ExpressionContext {
  const context = new Map<string, string | number | boolean | null>([["github.event_name", eventName]]);
  if (event.kind === "push") {
    context.set("github.ref", `refs/heads/${event.branch}`);
    context.set("github.ref_name", event.branch);
    context.set("github.base_ref", "");
    context.set("github.head_ref", "");
    return context;
  }
  context.set("github.event.action", event.action);
  context.set("github.event.pull_request.draft", event.draft);
  context.set("github.base_ref", event.base);
  context.set("github.head_ref", event.head);
  context.set("github.event.pull_request.base.ref", event.base);
  context.set("github.event.pull_request.head.ref", event.head);
  // Module PRs come from a branch of the same repository, never a fork.
  context.set("github.event.pull_request.head.repo.fork", false);
  return context;
}

function matchJobs(jobs: readonly Job[], eventName: string, event: TriggerEvent): JobOutcome[] {
  const context = expressionContext(eventName, event);
  const outcomes = new Map<string, JobOutcome>();
  // `needs` may point forward in the file: resolve in dependency order, a cycle or a missing job as unknown.
  const resolve = (job: Job, seen: ReadonlySet<string>): JobOutcome => {
    const done = outcomes.get(job.id);
    if (done) return done;
    const outcome = evaluateJob(job, context, (id) => {
      const needed = jobs.find((j) => j.id === id);
      return needed && !seen.has(id) ? resolve(needed, new Set([...seen, id])).runs : "unknown";
    });
    outcomes.set(job.id, outcome);
    return outcome;
  };
  return jobs.map((job) => resolve(job, new Set([job.id])));
}

function evaluateJob(job: Job, context: ExpressionContext, needed: (id: string) => Truth): JobOutcome {
  const always = job.if !== null && /\balways\s*\(/.test(job.if.text);
  if (!always) {
    for (const id of job.needs) {
      const runs = needed(id);
      if (runs !== true) {
        return {
          job,
          runs: runs === false ? false : "unknown",
          because: runs === false ? `it needs \`${id}\`, which does not run` : `it needs \`${id}\`, which may not run`,
          line: job.line,
        };
      }
    }
  }
  if (job.if === null) return { job, runs: true, because: "no `if:`", line: job.line };
  const runs = evaluateCondition(job.if.text, context);
  const draft = mentionsDraft(job.if.text) && context.get("github.event.pull_request.draft") === true;
  const because =
    runs === true
      ? `\`if: ${job.if.text}\` holds`
      : runs === false
        ? `\`if: ${job.if.text}\` is false${draft ? " while the PR is a draft" : ""}`
        : `\`if: ${job.if.text}\` depends on what is not known before the run`;
  return { job, runs, because, line: job.if.line };
}
