import type { TaskRecord } from "../../src/core/record.js";
import type { Deps } from "../../src/github/reconcile/deps.js";
import type { RandomFaults } from "../faults.js";
import type { Sandbox, SandboxOptions } from "../sandbox-types.js";
import type { WebhookDelivery } from "../webhook-queue.js";
import type { AppInstance } from "./app.js";
import type { CiRun } from "./ci.js";
import type { WorldClock } from "./clock.js";
import type { Execution } from "./executor.js";
import type { ScriptedFailure } from "./failures.js";
import type { RepoSource } from "./repo-source.js";
import type { Summary, WorldStatus } from "./summary.js";
import type { Timeline } from "./timeline.js";

/** Delivers a batch of webhooks to the app: in order by default; reliability tests reorder, repeat, overlap. */
export type DeliveryPolicy = (
  batch: readonly WebhookDelivery[],
  receive: (delivery: WebhookDelivery) => Promise<void>,
  random: () => number,
) => Promise<void>;

/** How to build a world; everything has a default that runs the sample task. */
export interface WorldOptions {
  /** The issue body (spec) text; or `specFile`; default `examples/sample-task.md`. */
  spec?: string;
  specFile?: string;
  /**
   * The repository's first commit; default `examples/sample-repo`. A git work tree gives the committed
   * tree of its HEAD and its default branch (`repoSource`); any other directory its files on disk.
   */
  repoDir?: string;
  /** The sandbox repository's default branch (and so the task's base), instead of the detected one. */
  baseBranch?: string;
  /** What the scripted executor writes per module; default `examples/sample-solutions`. */
  solutionsDir?: string;
  /** Seeds the order in which queued executor and CI jobs run, and the delivery policy's randomness. */
  seed?: number;
  /** Attempts that go wrong on purpose. */
  fail?: readonly ScriptedFailure[];
  /** Replaces `.github/conductor.yml` (written as YAML). */
  config?: Record<string, unknown>;
  clock?: WorldClock;
  /**
   * The CI that plays the repository's own workflow files on module PRs (default on; docs/doctor.md#the-sandboxs-ci);
   * off models "no CI configured" even when the repository has workflows.
   */
  ci?: boolean;
  /** How far the world moves time when nothing else happens, before a sweep tick (default 5 minutes). */
  tickMs?: number;
  /** Stop as quiescent after this much simulated time with no executor or CI job (default 3 hours). */
  maxQuietMs?: number;
  /** Extra sandbox options (faults, content limits, …). */
  sandbox?: Omit<SandboxOptions, "seed" | "clock">;
  /** Overrides of the app's dependencies. */
  deps?: Partial<Deps>;
  deliver?: DeliveryPolicy;
  /**
   * Random faults on the app's own requests only: drawn while it handles deliveries, ticks and rebuilds,
   * never on the executor's, the CI's or the maintainer's (`sandbox.faults` hits everyone's).
   */
  appFaults?: RandomFaults;
  /**
   * Chance, before each step of `run`, that the app is restarted with its memory dropped (`restart`),
   * drawn from its own generator seeded by `seed`, so job order stays that of the clean run.
   */
  restartChance?: number;
}

/** Why `run` returned. */
export interface RunOutcome {
  status: WorldStatus;
  reason: "until" | "quiescent" | "max_steps";
  steps: number;
}

/** A sandboxed GitHub with Conductor, a scripted executor and CI, driven step by step. */
export interface World {
  sandbox: Sandbox;
  /** Where the repository came from and how its default branch was chosen. */
  source: RepoSource;
  clock: WorldClock;
  /** The running app (replaced by `restart`). */
  app: AppInstance;
  /** The task's issue, once `openTask` ran. */
  issue: number | null;
  /** The spec text the task issue is opened with. */
  spec: string;
  timeline: Timeline;
  executions: Execution[];
  ciRuns: CiRun[];
  /** Errors reconciles threw (from `idle()`) and jobs that crashed. */
  errors: unknown[];
  /** Opens the task issue (spec as body) and labels it `orchestrate` as `by` (default `maintainer`). */
  openTask(options?: { by?: string; title?: string; body?: string; label?: boolean }): Promise<number>;
  /**
   * Drives webhooks, executor runs, CI and sweeps until `until` holds (default: the task is done, blocked
   * or aborted), quiescence, or `maxSteps`. A predicate is checked before every step, so it can stop the
   * world mid-task; a list of statuses is checked only when no webhook or job is queued.
   */
  run(options?: {
    until?: readonly WorldStatus[] | ((world: World) => boolean | Promise<boolean>);
    maxSteps?: number;
  }): Promise<RunOutcome>;
  /** Delivers every pending webhook and waits for the app to finish; returns how many. */
  deliverPending(): Promise<number>;
  /** Moves time by `ms` (default `tickMs`) and runs the sweep. */
  tick(ms?: number): Promise<void>;
  status(): WorldStatus;
  record(): Promise<TaskRecord | null>;
  summary(): Promise<Summary>;
  /** The current dashboard comment's body, or null. */
  dashboard(): string | null;
  /** Comments as `user` on the task issue or on `on` (a PR number); returns the comment id. */
  comment(user: string, body: string, on?: number): Promise<number>;
  label(user: string, label: string, on?: number): Promise<void>;
  unlabel(user: string, label: string, on?: number): Promise<void>;
  /** Drops the app's memory: a new Probot and Conductor with fresh caches, rebuilt from GitHub. */
  restart(): Promise<void>;
  close(): Promise<void>;
}
