/**
 * Everything the sandbox knows besides git objects and refs. Plain JSON (records keyed by string)
 * so a test can snapshot it, diff two runs, or print it.
 */

/** Repository roles, strongest first, as GitHub names them. */
export const ROLES = ["admin", "maintain", "write", "triage", "read", "none"] as const;
/** A repository role. */
export type Role = (typeof ROLES)[number];

/** An account: a person or an app's bot. */
export interface UserRec {
  login: string;
  id: number;
  type: "User" | "Bot";
}

/** A GitHub App known to the sandbox (the app under test, GitHub Actions, a CI app…). */
export interface AppRec {
  id: number;
  slug: string;
  name: string;
  /** Login of its bot account, `<slug>[bot]`. */
  bot: string;
}

/** A repository label. */
export interface LabelRec {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

/** An issue, or the issue half of a pull request (they share numbers). */
export interface IssueRec {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "reopened" | "duplicate" | null;
  user: string;
  labels: string[];
  assignees: string[];
  locked: boolean;
  isPull: boolean;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

/** What git says about a pull request (computed lazily, frozen when it closes). */
export interface PullStats {
  base_sha: string;
  mergeable: boolean | null;
  mergeable_state: "clean" | "dirty" | "draft" | "unknown" | "behind";
  commits: number;
  additions: number;
  deletions: number;
  changed_files: number;
}

/** The pull-request half: branches, draft and merge state. */
export interface PullRec {
  number: number;
  id: number;
  head: string;
  head_sha: string;
  base: string;
  /** Stats at the time the pull request closed; null while open. */
  frozen: PullStats | null;
  draft: boolean;
  merged: boolean;
  merged_at: string | null;
  merged_by: string | null;
  merge_commit_sha: string | null;
  maintainer_can_modify: boolean;
}

/** An issue or pull-request conversation comment. */
export interface CommentRec {
  id: number;
  issue: number;
  user: string;
  body: string;
  created_at: string;
  updated_at: string;
  app?: string;
}

/** A reaction on an issue or on an issue comment. */
export interface ReactionRec {
  id: number;
  subject: "issue" | "comment";
  subjectId: number;
  user: string;
  content: string;
  created_at: string;
}

/** A pull-request review. */
export interface ReviewRec {
  id: number;
  pull: number;
  user: string;
  body: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "PENDING";
  commit_id: string;
  submitted_at: string | null;
}

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
}

/** The whole in-memory state. */
export interface SandboxState {
  counters: { number: number; id: number };
  users: Record<string, UserRec>;
  apps: Record<string, AppRec>;
  roles: Record<string, Role>;
  /** Bearer tokens → login (users) or `app:<slug>` (installation tokens). */
  tokens: Record<string, string>;
  labels: Record<string, LabelRec>;
  issues: Record<string, IssueRec>;
  pulls: Record<string, PullRec>;
  comments: Record<string, CommentRec>;
  reactions: Record<string, ReactionRec>;
  reviews: Record<string, ReviewRec>;
  checkSuites: Record<string, CheckSuiteRec>;
  checkRuns: Record<string, CheckRunRec>;
  statuses: StatusRec[];
  workflows: Record<string, WorkflowRec>;
  runs: Record<string, RunRec>;
  /** Branch tips as last seen, to notice pushes made with git directly. */
  heads: Record<string, string>;
}

/** An empty state. */
export function emptyState(): SandboxState {
  return {
    counters: { number: 0, id: 1000 },
    users: {},
    apps: {},
    roles: {},
    tokens: {},
    labels: {},
    issues: {},
    pulls: {},
    comments: {},
    reactions: {},
    reviews: {},
    checkSuites: {},
    checkRuns: {},
    statuses: [],
    workflows: {},
    runs: {},
    heads: {},
  };
}
