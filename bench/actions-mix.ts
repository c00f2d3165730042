/**
 * The event mix of a busy repository, per day, and what it costs in Actions-hosted mode. The payloads carry
 * the fields the template's `if:` reads (branches, labels, comment bodies, check names), nothing else.
 *
 * The mix (stated so the figure can be argued with): 40 human PRs a day with 3 pushes each; every push runs
 * CI with 2 check suites, 10 check runs and 2 commit statuses; 80 reviews, 300 comments, 150 issue events.
 * Conductor works on 3 tasks a day of 3 phases × 2 modules, 1.5 executor attempts per module (27 runs): each
 * attempt pushes once (CI as above on the module branch), posts a result comment, and each module merges.
 * The check events assume CI reported by another app (Buildkite, CircleCI, a GitHub App): check suites and
 * runs created by GitHub Actions start no workflow at all, so with Actions CI those rows cost nothing.
 */
const REPO = "acme/shop";

export interface EventClass {
  label: string;
  event: string;
  action?: string;
  perDay: number;
  payload: Record<string, unknown>;
}
export type Mix = (EventClass & { started: number; jobs: number })[];

const MODULE = "conductor/7/p1-api";
const labels = (...names: string[]) => names.map((name) => ({ name }));
const pull = (ref: string, action: string) => ({
  action,
  pull_request: { head: { ref, repo: { full_name: REPO } } },
});
const checkRun = (branch: string, name = "test") => ({
  action: "completed",
  check_run: { name, check_suite: { head_branch: branch } },
});
const comment = (body: string, issueLabels: string[], bot = false, isPull = false) => ({
  action: "created",
  comment: { body, user: { type: bot ? "Bot" : "User" } },
  issue: { labels: labels(...issueLabels), ...(isPull ? { pull_request: { url: "u" } } : {}) },
});

const HUMAN_PUSHES = 40 * 3;
const ATTEMPTS = 27;
const MODULES = 18;

export const BUSY_REPOSITORY: EventClass[] = [
  // Human work: none of it concerns a task.
  {
    label: "pull_request.synchronize (human PRs)",
    event: "pull_request",
    perDay: HUMAN_PUSHES,
    payload: pull("feature", "synchronize"),
  },
  { label: "pull_request.closed (human PRs)", event: "pull_request", perDay: 40, payload: pull("feature", "closed") },
  { label: "pull_request.opened (human PRs)", event: "pull_request", perDay: 40, payload: pull("feature", "opened") },
  {
    label: "check_suite.completed (human PRs)",
    event: "check_suite",
    perDay: HUMAN_PUSHES * 2,
    payload: { action: "completed", check_suite: { head_branch: "feature" } },
  },
  {
    label: "check_run.completed (human PRs)",
    event: "check_run",
    perDay: HUMAN_PUSHES * 10,
    payload: checkRun("feature"),
  },
  {
    label: "status (human PRs)",
    event: "status",
    perDay: HUMAN_PUSHES * 2,
    payload: { branches: [{ name: "feature" }] },
  },
  {
    label: "pull_request_review.submitted (human PRs)",
    event: "pull_request_review",
    perDay: 80,
    payload: pull("feature", "submitted"),
  },
  {
    label: "issue_comment.created (no command)",
    event: "issue_comment",
    perDay: 280,
    payload: comment("looks good to me", ["bug"]),
  },
  {
    label: "issue_comment.created (a link, not on a task)",
    event: "issue_comment",
    perDay: 10,
    payload: comment("see https://example.com/x", []),
  },
  {
    label: "issues.labeled (triage labels)",
    event: "issues",
    perDay: 60,
    payload: { action: "labeled", label: { name: "bug" }, issue: { labels: labels("bug") } },
  },
  {
    label: "issues.edited / closed (not tasks)",
    event: "issues",
    perDay: 70,
    payload: { action: "edited", changes: { body: {} }, issue: { labels: labels("bug") } },
  },
  // Conductor's own traffic.
  {
    label: "issues.labeled (orchestrate)",
    event: "issues",
    perDay: 3,
    payload: { action: "labeled", label: { name: "orchestrate" }, issue: { labels: labels("orchestrate") } },
  },
  {
    label: "issues.labeled (conductor:* set by the app)",
    event: "issues",
    perDay: 6,
    payload: {
      action: "labeled",
      label: { name: "conductor:running" },
      issue: { labels: labels("orchestrate", "conductor:running") },
    },
  },
  {
    label: "issue_comment.created (commands on tasks)",
    event: "issue_comment",
    perDay: 10,
    payload: comment("/retry", ["conductor:running"]),
  },
  {
    label: "issue_comment.created (executor result comments)",
    event: "issue_comment",
    perDay: ATTEMPTS,
    payload: comment("<!-- conductor:result e30= -->", [], true, true),
  },
  {
    label: "pull_request.synchronize (executor pushes)",
    event: "pull_request",
    perDay: ATTEMPTS,
    payload: pull(MODULE, "synchronize"),
  },
  {
    label: "pull_request.ready_for_review (module PRs)",
    event: "pull_request",
    perDay: MODULES,
    payload: pull(MODULE, "ready_for_review"),
  },
  {
    label: "pull_request.closed (module PRs merged)",
    event: "pull_request",
    perDay: MODULES,
    payload: pull(MODULE, "closed"),
  },
  {
    label: "pull_request.opened (module PRs)",
    event: "pull_request",
    perDay: MODULES,
    payload: pull(MODULE, "opened"),
  },
  {
    label: "check_suite.completed (module PRs)",
    event: "check_suite",
    perDay: ATTEMPTS * 2,
    payload: { action: "completed", check_suite: { head_branch: MODULE } },
  },
  {
    label: "check_run.completed (module PRs' CI)",
    event: "check_run",
    perDay: ATTEMPTS * 10,
    payload: checkRun(MODULE),
  },
  {
    label: "check_run.completed (conductor/verify)",
    event: "check_run",
    perDay: ATTEMPTS,
    payload: checkRun(MODULE, "conductor/verify"),
  },
  { label: "status (module PRs)", event: "status", perDay: ATTEMPTS * 2, payload: { branches: [{ name: MODULE }] } },
  {
    label: "workflow_run.completed (Conductor executor)",
    event: "workflow_run",
    perDay: ATTEMPTS,
    payload: { action: "completed", workflow_run: { head_branch: MODULE } },
  },
];

export interface CostInput {
  runsJob: (github: { event_name: string; event: unknown; repository: string }) => boolean;
  types: (event: string) => string[] | undefined;
  jobMinutes: number;
  activeHours: number;
}

/** Runs started, jobs run and billed minutes per day for the mix, and the same before the filter. */
export function minutesPerDay(input: CostInput, mix: EventClass[] = BUSY_REPOSITORY) {
  const rows: Mix = mix.map((c) => {
    const action = typeof c.payload.action === "string" ? c.payload.action : undefined;
    const allowed = input.types(c.event);
    const started = allowed && action && !allowed.includes(action) ? 0 : c.perDay;
    const runs = started > 0 && input.runsJob({ event_name: c.event, event: c.payload, repository: REPO });
    return { ...c, started, jobs: runs ? started : 0 };
  });
  const sweepRuns = Math.round((input.activeHours * 60) / 5);
  const runsStarted = rows.reduce((n, r) => n + r.started, 0) + sweepRuns;
  const jobs = rows.reduce((n, r) => n + r.jobs, 0) + sweepRuns;
  // Before: every delivered event of the template's events was a job, and the sweep ran all day.
  const beforeJobs = mix.reduce((n, c) => n + c.perDay, 0) + 288;
  return {
    mix: rows,
    sweepRuns,
    runsStarted,
    jobs,
    skipped: runsStarted - jobs,
    minutes: jobs * input.jobMinutes,
    before: { jobs: beforeJobs, minutes: beforeJobs * input.jobMinutes },
  };
}
