/**
 * A workflow file as the trigger matcher, the doctor and the sandbox's CI read it: its triggers with their
 * filters, its jobs with their `if:` and steps, each with the 1-based line it is written on (so a finding
 * can say where to change it). Produced by `parseWorkflow`; pure data.
 */

/** The filter keys of `pull_request`, `pull_request_target` and `push`. */
export const FILTER_KEYS = [
  "branches",
  "branches-ignore",
  "paths",
  "paths-ignore",
  "types",
  "tags",
  "tags-ignore",
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** One filter list as written: its patterns (or activity types) and the line of its key. */
export interface Filter {
  values: string[];
  line: number;
}

/** One event under `on:` (`pull_request`, `push`, …), with its filters. */
export interface Trigger {
  event: string;
  line: number;
  filters: Partial<Record<FilterKey, Filter>>;
}

/** One step: a `run:` script or a `uses:` action. */
export interface Step {
  line: number;
  name: string | null;
  run: string | null;
  uses: string | null;
  shell: string | null;
  workingDirectory: string | null;
  env: Record<string, string>;
  if: string | null;
}

/** One job under `jobs:`. `name` is what GitHub names its check run (the job's `name`, else its id). */
export interface Job {
  id: string;
  name: string;
  line: number;
  if: { text: string; line: number } | null;
  needs: string[];
  /** `uses:` at job level: a reusable workflow (its steps are not in this file). */
  uses: string | null;
  steps: Step[];
  env: Record<string, string>;
  workingDirectory: string | null;
  /** `strategy.matrix` is present: GitHub would run the job once per combination. */
  matrix: boolean;
}

/** A problem with the file itself (GitHub would refuse or misread it), with its line. */
export interface WorkflowProblem {
  line: number;
  message: string;
}

export interface Workflow {
  /** The file's path in the repository, e.g. `.github/workflows/ci.yml`. */
  path: string;
  name: string | null;
  /** The line of `on:` (1 when there is none). */
  onLine: number;
  triggers: Trigger[];
  jobs: Job[];
  env: Record<string, string>;
  workingDirectory: string | null;
  problems: WorkflowProblem[];
}
