/**
 * A whole Conductor world in one process, for the demo, `conductor simulate`, the end-to-end tests and
 * the benchmark: the sandbox (an in-process GitHub over a real git repository) seeded from a sample
 * repository; the real Probot app; a scripted executor that runs the action's real `run()` with a
 * scripted model; a CI that runs the repository's own workflow files (`run:` steps) on module PRs when their
 * `on:` filters fire; and a clock the world moves.
 *
 * ```ts
 * const world = await createWorld({ fail: [{ module: "money", attempt: 1 }] });
 * await world.openTask();
 * const outcome = await world.run(); // { status: "done", … }
 * console.log(world.timeline.lines().join("\n"), world.dashboard());
 * await world.close();
 * ```
 */
import { readFile } from "node:fs/promises";
import type { EmitterWebhookEvent } from "@octokit/webhooks";
import { stringify } from "yaml";
import { seededRandom } from "./faults.js";
import { createSandbox } from "./sandbox.js";
import type { WebhookDelivery } from "./webhook-queue.js";
import { startApp } from "./world/app.js";
import { CI_APP, runCi } from "./world/ci.js";
import { manualClock } from "./world/clock.js";
import { executeRun } from "./world/executor.js";
import { type Job, jobsFor } from "./world/jobs.js";
import { repoSource } from "./world/repo-source.js";
import { SAMPLE_REPO, SAMPLE_SOLUTIONS, SAMPLE_SPEC } from "./world/sample.js";
import { markedComments, readRecord, statusOf, summarize, type WorldStatus } from "./world/summary.js";
import { Timeline } from "./world/timeline.js";
import type { DeliveryPolicy, RunOutcome, World, WorldOptions } from "./world/types.js";
import { userClients } from "./world/users.js";

export type { CiRun } from "./world/ci.js";
export { manualClock, type WorldClock } from "./world/clock.js";
export type { Execution } from "./world/executor.js";
export { parseFailure, type ScriptedFailure } from "./world/failures.js";
export type { RepoSource } from "./world/repo-source.js";
export { CONFLICT_SPEC, EXAMPLES_DIR, SAMPLE_REPO, SAMPLE_SOLUTIONS, SAMPLE_SPEC } from "./world/sample.js";
export type { Summary, WorldStatus } from "./world/summary.js";
export type { AppLogLine, TimelineEntry } from "./world/timeline.js";
export type { DeliveryPolicy, RunOutcome, World, WorldOptions } from "./world/types.js";

const MINUTE = 60_000;
const FINAL: readonly WorldStatus[] = ["done", "blocked", "aborted"];
const inOrder: DeliveryPolicy = async (batch, receive) => {
  for (const delivery of batch) await receive(delivery);
};

/** Builds a world; nothing happens until `openTask` and `run`. */
export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const clock = options.clock ?? manualClock();
  const text = options.spec ?? (await readFile(options.specFile ?? SAMPLE_SPEC, "utf8"));
  // A `.json` file is a task file (docs/spec-format.md#task-files): the issue (first line the title) carries
  // it in a ```json block.
  const taskFile = options.specFile?.endsWith(".json") === true && options.spec === undefined;
  const spec = taskFile ? `Task file ${options.specFile}\n\n\`\`\`json\n${text.trim()}\n\`\`\`\n` : text;
  const seedFiles: Record<string, string> = {};
  if (options.config) seedFiles[".github/conductor.yml"] = stringify(options.config);
  const source = await repoSource(options.repoDir ?? SAMPLE_REPO, options.baseBranch ?? options.sandbox?.defaultBranch);
  const sandbox = await createSandbox({
    ...options.sandbox,
    defaultBranch: source.defaultBranch,
    clock: () => clock.now(),
    seed: { ...source.seed, files: seedFiles, message: "Initial commit\n" },
  });
  sandbox.addApp({ slug: CI_APP, name: "CI" });
  sandbox.addCollaborator("maintainer", "maintain");
  const random = seededRandom(options.seed ?? 1);
  const restarts = seededRandom((options.seed ?? 1) * 7919 + 1);
  // The app's turn: `appFaults` strike only then, so they hit the system under test and no stand-in.
  let appTurn = false;
  const appFaults = options.appFaults;
  if (appFaults) {
    sandbox.faults.setRandom({ ...appFaults, match: (m, r) => appTurn && (appFaults.match?.(m, r) ?? true) });
  }
  const asApp = async <T>(work: () => Promise<T>): Promise<T> => {
    appTurn = true;
    try {
      return await work();
    } finally {
      appTurn = false;
    }
  };
  const tickMs = options.tickMs ?? 5 * MINUTE;
  const maxQuietMs = options.maxQuietMs ?? 180 * MINUTE;
  const deliver = options.deliver ?? inOrder;
  const as = userClients(sandbox);
  const repo = { owner: sandbox.owner, repo: sandbox.repo };
  const names = new Map<string, string>();
  const jobs: Job[] = [];
  const ci = options.ci ?? true;
  sandbox.webhooks.on((delivery) => {
    names.set(delivery.id, `${delivery.name}${delivery.payload.action ? `.${String(delivery.payload.action)}` : ""}`);
    jobs.push(...jobsFor(delivery, { ci }));
  });
  const timeline = new Timeline(
    () => clock.now(),
    (id) => names.get(id) ?? "webhook",
  );
  const logSink = (line: string) => timeline.write(line);
  const start = () => startApp({ sandbox, clock, logSink, ...(options.deps ? { deps: options.deps } : {}) });
  const executorEnv = {
    sandbox,
    clock,
    failures: options.fail ?? [],
    solutionsDir: options.solutionsDir ?? SAMPLE_SOLUTIONS,
  };

  const receive = async (delivery: WebhookDelivery) => {
    // The sandbox's deliveries have GitHub's shapes (checked against @octokit/openapi-webhooks in its tests).
    const event = { id: delivery.id, name: delivery.name, payload: delivery.payload } as unknown as EmitterWebhookEvent;
    await world.app.probot.receive(event);
  };

  async function runJob(): Promise<void> {
    const job = jobs.splice(Math.floor(random() * jobs.length), 1)[0];
    if (!job) return;
    try {
      if (job.kind === "executor") {
        const execution = await executeRun(executorEnv, job.runId);
        if (execution) world.executions.push(execution);
      } else {
        world.ciRuns.push(...(await runCi(sandbox, job)));
      }
    } catch (error) {
      world.errors.push(error);
    }
  }

  const target = (on?: number) => {
    const issue = on ?? world.issue;
    if (issue === null) throw new Error("no task issue yet: call openTask first");
    return issue;
  };

  const world: World = {
    sandbox,
    source,
    clock,
    app: await start(),
    issue: null,
    spec,
    timeline,
    executions: [],
    ciRuns: [],
    errors: [],
    async openTask(task = {}) {
      const by = task.by ?? "maintainer";
      const [first = "Task", ...rest] = spec.split("\n");
      const { data } = await as(by).rest.issues.create({
        ...repo,
        title: task.title ?? first.trim(),
        body: task.body ?? rest.join("\n").trim(),
      });
      world.issue = data.number;
      if (task.label !== false) await world.label(by, "orchestrate");
      return data.number;
    },
    async run(runOptions = {}) {
      const until = runOptions.until ?? FINAL;
      const maxSteps = runOptions.maxSteps ?? 2000;
      let quiet = 0;
      for (let steps = 0; steps < maxSteps; steps++) {
        // A predicate may stop the world mid-task (webhooks and jobs still queued); statuses are read
        // only once everything queued has happened, so a pending `/retry` is not mistaken for `blocked`.
        if (typeof until === "function" && (await until(world))) {
          return { status: world.status(), reason: "until", steps };
        }
        if (options.restartChance && restarts() < options.restartChance) await world.restart();
        if (sandbox.webhooks.pending().length > 0) {
          await world.deliverPending();
        } else if (jobs.length > 0) {
          quiet = 0;
          await runJob();
        } else if (world.issue !== null && typeof until !== "function" && until.includes(world.status())) {
          return { status: world.status(), reason: "until", steps };
        } else if (quiet >= maxQuietMs) {
          return { status: world.status(), reason: "quiescent", steps };
        } else {
          quiet += tickMs;
          await world.tick();
        }
      }
      return { status: world.status(), reason: "max_steps", steps: maxSteps } satisfies RunOutcome;
    },
    async deliverPending() {
      const batch = sandbox.webhooks.take();
      await asApp(async () => {
        await deliver(batch, receive, random);
        world.errors.push(...(await world.app.conductor.idle()));
      });
      return batch.length;
    },
    async tick(ms = tickMs) {
      clock.advance(ms);
      await asApp(async () => {
        world.app.conductor.tick();
        world.errors.push(...(await world.app.conductor.idle()));
      });
    },
    status: () => (world.issue === null ? "running" : statusOf(sandbox, world.issue)),
    record: () => readRecord(sandbox, target()),
    summary: () => summarize(sandbox, target()),
    dashboard: () => markedComments(sandbox, target(), "dashboard").at(-1) ?? null,
    async comment(user, body, on) {
      const { data } = await as(user).rest.issues.createComment({ ...repo, issue_number: target(on), body });
      return data.id;
    },
    async label(user, label, on) {
      await as(user).rest.issues.addLabels({ ...repo, issue_number: target(on), labels: [label] });
    },
    async unlabel(user, label, on) {
      await as(user).rest.issues.removeLabel({ ...repo, issue_number: target(on), name: label });
    },
    async restart() {
      world.app.conductor.stop();
      world.errors.push(...(await world.app.conductor.idle()));
      world.app = await start();
      await asApp(() => world.app.conductor.rebuild());
    },
    async close() {
      world.app.conductor.stop();
      await world.app.conductor.idle();
      await sandbox.close();
    },
  };
  return world;
}
