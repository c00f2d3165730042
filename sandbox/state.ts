import type { CheckRunRec, CheckSuiteRec, RunRec, StatusRec, WorkflowRec } from "./state-ci.js";

export type { AnnotationRec, CheckRunRec, CheckSuiteRec, RunRec, StatusRec, WorkflowRec } from "./state-ci.js";

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
  /** The review's line comments (GitHub keeps them as review comments on the diff). */
  comments?: { path: string; line: number; body: string }[];
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
  /** GitHub's issue dependencies: issue number → the numbers of the issues it is blocked by. */
  blockedBy: Record<string, number[]>;
  /** GitHub's sub-issues: parent issue number → its sub-issues' numbers, in their order. */
  subIssues: Record<string, number[]>;
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
    blockedBy: {},
    subIssues: {},
  };
}
