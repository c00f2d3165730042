import type { Config } from "../../config/schema.js";
import type { Event } from "../../core/events.js";
import type { TaskRecord } from "../../core/record.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import type { ReadConfig } from "./config.js";
import type { IssueHints, TaskEnv } from "./task-env.js";

/** What an intake may use while it builds its events: the task's environment and its loaded record. */
export interface BuildIO extends TaskEnv {
  record: TaskRecord | null;
  /**
   * The task's record exists but cannot be read (src/github/unreadable/): `record` is null, yet commands are
   * still built, since `/status`, `/abort` and `/reset` must answer.
   */
  unreadable?: boolean;
  /** Reads `.github/conductor.yml` (webhooks only: the sweep never needs a fresh configuration). */
  readConfig(): Promise<ReadConfig>;
}

/** The events for one reconcile, and the configuration for `ctx` when the intake read a fresh one. */
export interface Built {
  events: Event[];
  config?: Config;
}

/**
 * A webhook (or tick) that concerns a task, before anything is read: the task's issue, and how to build
 * the core events once the record is loaded (DESIGN §7 "read what the decision needs"). Building is the
 * only place an intake reads GitHub, and it runs once per reconcile even when the save is retried.
 */
export interface Intake {
  issue: number;
  /** The event id: the webhook delivery id, or `tick:<ms>`. */
  id: string;
  /** What the payload already said about the task issue. */
  hints?: IssueHints;
  /** Jobs with the same key waiting for the same task are done once (see `TaskQueue`). */
  coalesce?: string;
  build(io: BuildIO): Promise<Built>;
}

/**
 * An intake whose task is only known after one read (a comment on a PR whose title does not name it), or
 * several tasks (the tasks a closed issue was blocking).
 */
export interface DeferredIntake {
  resolve(octokit: GitHubClient, repo: RepoRef): Promise<Intake | Intake[] | null>;
}

/** What a webhook maps to: nothing (dropped before any request), an intake, or one that needs a read first. */
export type Routed = Intake | DeferredIntake | null;

export const isDeferred = (routed: Intake | DeferredIntake): routed is DeferredIntake => "resolve" in routed;

/** Builds nothing: the event turned out not to concern the task. */
export const nothing: Built = { events: [] };
