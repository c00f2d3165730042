import type { Probot } from "probot";
import { z } from "zod";
import { CiRunPayload, ciRun, watches } from "../ci-failure/ci-run.js";
import { handleCiRun } from "../ci-failure/handle-ci-run.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { ONBOARDING_WEBHOOKS, onboardInstalled } from "../onboarding/onboarding-wiring.js";
import { type AppIdentity, appIdentity } from "../reconcile/app-identity.js";
import { type AppCaches, createCaches } from "../reconcile/caches.js";
import { CONFIG_FILE, type ConfigSource, readConfig } from "../reconcile/config.js";
import type { Deps } from "../reconcile/deps.js";
import { type Intake, isDeferred, nothing } from "../reconcile/intake.js";
import type { Log } from "../reconcile/log.js";
import { reconcile } from "../reconcile/reconcile.js";
import { taskKey } from "../reconcile/task-env.js";
import { type ActiveTask, ActiveTasks } from "../sweep/active-tasks.js";
import { rebuildActiveTasks, type SweepAuth, startSweep } from "../sweep/sweep.js";
import { openTaskFileIssues } from "../task-files/open-task-file-issues.js";
import { addedTaskFiles, PushPayload } from "../task-files/task-file-push.js";
import { toIntake, WEBHOOKS } from "../to-event/index.js";
import { tickIntake } from "../to-event/tick.js";
import { createServerStatus, type ServerStatus, watchRateLimit } from "./server-status.js";
import { createTaskQueue, type TaskQueue } from "./task-queue.js";

/** The running app, as tests and a graceful shutdown see it. */
export interface Conductor {
  /** Resolves when every queued reconcile has finished; returns the errors they threw meanwhile. */
  idle(): Promise<unknown[]>;
  /** Queues a `Tick` for every active task now (what the timer does every `SWEEP_INTERVAL_SECONDS`). */
  tick(): void;
  /** Queues a `Tick` for every active task holding changes not yet written (`reconcile`), which writes them. */
  flush(): void;
  /** Rebuilds the active tasks from GitHub, as after a restart. */
  rebuild(): Promise<void>;
  /** Stops the sweep timer and refuses webhooks from now on (503); queued work still finishes (`idle()`). */
  stop(): void;
  /** Adds a task to the active set, as a rebuild does (Actions-hosted mode rebuilds from one repository). */
  track(task: ActiveTask): void;
  /** `true` once `stop()` was called. */
  readonly stopping: boolean;
  /** Number of tasks the sweep ticks. */
  readonly active: number;
  /** Number of tasks with queued or running reconciles. */
  readonly busy: number;
  /** What `/healthz` reports: last sweep, rate limit, statistics. */
  readonly status: ServerStatus;
}

/** Options for where the app runs; the server needs none. */
export interface ConductorOptions {
  /**
   * The installation to assume when a payload names none: in Actions-hosted mode the event file is the
   * repository's webhook, which has no `installation`, and every request uses the workflow's app token.
   */
  installationId?: number;
}

/** Thrown at webhooks that arrive while stopping: the webhook middleware answers with its `status`. */
export class StoppingError extends Error {
  readonly status = 503;
  constructor() {
    super("Conductor is shutting down; GitHub can redeliver this webhook");
    this.name = "StoppingError";
  }
}

const Where = z.object({
  installation: z.object({ id: z.number().int().positive() }).optional(),
  repository: z.object({ name: z.string(), owner: z.object({ login: z.string() }) }),
});

/** Where a job runs: the task's repository, a client for it and how to read its configuration. */
type Place = { octokit: GitHubClient; repo: RepoRef; installationId: number; log: Log; config?: ConfigSource };

/**
 * Wires Conductor into a Probot app: every webhook in `WEBHOOKS` is mapped to an intake (or dropped) and
 * queued on its task's lock; the handler returns at once, so GitHub's 10 s delivery limit is never at risk
 * however long the reconcile takes (docs/architecture.md#one-webhook-one-reconcile). The sweep ticks every
 * active task.
 */
export function createConductor(app: Probot, deps: Deps, options: ConductorOptions = {}): Conductor {
  const log: Log = app.log.child({ name: "conductor" });
  const queue: TaskQueue = createTaskQueue((error) => log.error({ err: error }, "reconcile failed"));
  const caches: AppCaches = createCaches();
  const active = new ActiveTasks();
  const status = createServerStatus(deps.now);
  let stopping = false;
  const auth: SweepAuth = {
    app: async () => watchRateLimit(await app.auth(), status),
    installation: async (id) => watchRateLimit(await app.auth(id), status),
  };
  const identity: AppIdentity = appIdentity(deps.appSlug, auth.app);

  function run(place: Place, intake: Intake): void {
    queue.enqueue(
      taskKey(place.repo, intake.issue),
      async () => {
        const taskLog = place.log.child({ task: intake.issue });
        const env = { ...place, issue: intake.issue, log: taskLog, deps, identity, caches, hints: { ...intake.hints } };
        const source = place.config;
        const read = source ? () => readConfig(source, taskLog) : undefined;
        const record = await reconcile(env, intake, read);
        const task = { installationId: place.installationId, repo: place.repo, issue: intake.issue };
        // A task whose record is unreadable stays swept, so a file fixed by hand is read again within minutes
        // (docs/troubleshooting.md#the-record-is-unreadable); each such tick costs one conditional read.
        if (record === null && caches.unreadable.has(taskKey(place.repo, intake.issue))) active.add(task);
        else active.note(task, record);
        status.noteRecord(taskKey(place.repo, intake.issue), record);
      },
      intake.coalesce,
    );
  }

  // While stopping, every delivery is refused with a 503 (not only the ones Conductor handles), so
  // GitHub records it as failed and it can be redelivered to the next process.
  app.onAny(async () => {
    if (stopping) throw new StoppingError();
  });
  app.on([...WEBHOOKS], async (context) => {
    if (stopping) return;
    const routed = toIntake(context.name, context.id, context.payload);
    if (!routed) return;
    const where = Where.safeParse(context.payload);
    const installationId = where.data?.installation?.id ?? options.installationId;
    if (!where.success || installationId === undefined) return;
    const place: Place = {
      octokit: watchRateLimit(context.octokit, status),
      repo: { owner: where.data.repository.owner.login, repo: where.data.repository.name },
      installationId,
      log: context.log.child({ delivery: context.id, event: context.name }),
      config: () => context.config(CONFIG_FILE),
    };
    if (!isDeferred(routed)) return run(place, routed);
    queue.track(
      routed.resolve(place.octokit, place.repo).then((found) => {
        for (const intake of [found ?? []].flat()) run(place, intake);
      }),
    );
  });

  // `triggers.task_files`: a push that adds outgoing task files opens their task issues; the app's own
  // trigger label on them starts each task (docs/spec-format.md#task-files). One queue key per repository,
  // so two deliveries of one push never both open an issue.
  app.on("push", async (context) => {
    if (stopping) return;
    const payload = PushPayload.safeParse(context.payload);
    if (!payload.success || addedTaskFiles(payload.data).length === 0) return;
    const where = Where.safeParse(context.payload);
    if (!where.success) return;
    const repo = { owner: where.data.repository.owner.login, repo: where.data.repository.name };
    const pushLog = context.log.child({ delivery: context.id, event: "push" });
    queue.enqueue(`${repo.owner}/${repo.repo}#task-files`, async () => {
      await openTaskFileIssues(
        {
          octokit: watchRateLimit(context.octokit, status),
          repo,
          log: pushLog,
          readConfig: async () => {
            const read = await readConfig(() => context.config(CONFIG_FILE), pushLog);
            return read.ok ? read.config : null;
          },
        },
        payload.data,
      );
    });
  });

  // `triggers.ci_failure`, the red-CI fix loop (docs/red-ci-loop.md): a finished run of a branch (not a PR,
  // not Conductor's own) reads the configuration; a watched red run opens or comments on its task issue, a
  // watched green run tells the open task, whose core decides whether it closes.
  app.on("workflow_run.completed", async (context) => {
    if (stopping) return;
    const payload = CiRunPayload.safeParse(context.payload);
    const found = payload.success ? ciRun(payload.data) : null;
    const where = Where.safeParse(context.payload);
    const installationId = where.data?.installation?.id ?? options.installationId;
    if (!payload.success || found === null || !where.success || installationId === undefined) return;
    const place: Place = {
      octokit: watchRateLimit(context.octokit, status),
      repo: { owner: where.data.repository.owner.login, repo: where.data.repository.name },
      installationId,
      log: context.log.child({ delivery: context.id, event: "workflow_run" }),
      config: () => context.config(CONFIG_FILE),
    };
    const defaultBranch = payload.data.repository.default_branch;
    queue.enqueue(`${place.repo.owner}/${place.repo.repo}#ci-failure`, async () => {
      const read = await readConfig(() => context.config(CONFIG_FILE), place.log);
      if (!read.ok || !watches(read.config, found, defaultBranch)) return;
      const outcome = await handleCiRun({ ...place, config: read.config }, found);
      if (outcome.kind !== "green") return;
      const event = {
        type: "BaseBranchGreen" as const,
        id: context.id,
        workflow: found.workflow,
        sha: found.sha,
        url: found.url,
      };
      run(place, {
        issue: outcome.issue,
        id: context.id,
        build: async ({ record }) => (record ? { events: [event] } : nothing),
      });
    });
  });

  // Installed on repositories: each is offered the onboarding PR, queued so the delivery returns at once.
  app.on([...ONBOARDING_WEBHOOKS], async (context) => {
    queue.track(onboardInstalled(context.octokit, context.payload, context.log.child({ delivery: context.id })));
  });

  const tickTasks = (tasks: ActiveTask[]) => {
    const now = deps.now();
    for (const task of tasks) {
      queue.track(
        auth.installation(task.installationId).then((octokit) => {
          run(
            { octokit, repo: task.repo, installationId: task.installationId, log: log.child({ sweep: now }) },
            tickIntake(task.issue, now),
          );
        }),
      );
    }
  };
  const tick = () => {
    status.noteSweep(deps.now());
    tickTasks(active.list());
  };
  const flush = () => tickTasks(active.list().filter((t) => caches.unsaved.has(taskKey(t.repo, t.issue))));
  const rebuild = () => rebuildActiveTasks(auth, active, log);
  const sweep = startSweep({ intervalMs: deps.sweepIntervalMs, rebuild, tick, log });
  return {
    idle: () => queue.idle(),
    tick,
    flush,
    rebuild,
    stop() {
      stopping = true;
      sweep.stop();
    },
    track: (task) => active.add(task),
    get stopping() {
      return stopping;
    },
    get active() {
      return active.list().length;
    },
    get busy() {
      return queue.busy;
    },
    status,
  };
}
