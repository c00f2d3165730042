/** Records of what CI produces: check suites and runs, commit statuses, workflows and their runs. */

/** A check suite: one per app and head commit, created with the app's first check run. */
export interface CheckSuiteRec {
  id: number;
  app: string;
  head_sha: string;
  head_branch: string | null;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  created_at: string;
  updated_at: string;
}

/** A check-run annotation. */
export interface AnnotationRec {
  path: string;
  start_line: number;
  end_line: number;
  start_column: number | null;
  end_column: number | null;
  annotation_level: "notice" | "warning" | "failure";
  title: string | null;
  message: string;
  raw_details: string | null;
}

/** A check run. */
export interface CheckRunRec {
  id: number;
  suite: number;
  app: string;
  name: string;
  head_sha: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  details_url: string | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: AnnotationRec[];
}

/** A commit status. */
export interface StatusRec {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  target_url: string | null;
  creator: string;
  created_at: string;
  updated_at: string;
}

/** A workflow file seen by the sandbox (registered when first dispatched or listed). */
export interface WorkflowRec {
  id: number;
  path: string;
  name: string;
  /** Set by `PUT …/disable` and `…/enable` (GitHub's `state`); absent is `active`. */
  state?: "active" | "disabled_manually";
}

/** A workflow run. */
export interface RunRec {
  id: number;
  workflow_id: number;
  run_number: number;
  run_attempt: number;
  name: string;
  display_title: string;
  head_branch: string;
  head_sha: string;
  event: string;
  status: "requested" | "queued" | "in_progress" | "completed" | "waiting" | "pending";
  conclusion: string | null;
  actor: string;
  inputs: Record<string, string>;
  created_at: string;
  updated_at: string;
  run_started_at: string;
  /** Log text served by the jobs log endpoint. */
  log: string;
  /** The job's name: the check run GitHub Actions shows on the head commit. */
  job: string;
  /** The run's check suite (app `github-actions`) and its job's check run. */
  check_suite_id: number;
  check_run_id: number;
}
