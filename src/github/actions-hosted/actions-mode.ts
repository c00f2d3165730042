import { run as adapterRun } from "@probot/adapter-github-actions";
import type { Probot } from "probot";
import { z } from "zod";
import { type Deps, defaultDeps } from "../reconcile/deps.js";
import { type Conductor, createConductor } from "../server/conductor.js";
import { runningIssues } from "../sweep/sweep.js";
import { SWEEP_WORKFLOW, syncSweepWorkflow } from "../sweep/sweep-workflow.js";

/**
 * The workflow's environment, parsed once (STYLE habit 2). GitHub sets the `GITHUB_*` variables; the
 * workflow template (docs/templates/conductor-app.yml) sets the token and the app's slug and installation
 * from `actions/create-github-app-token`'s outputs.
 */
export const ActionsEnv = z.object({
  GITHUB_EVENT_NAME: z.string().min(1),
  GITHUB_EVENT_PATH: z.string().min(1),
  GITHUB_RUN_ID: z.string().min(1),
  GITHUB_REPOSITORY: z.string().regex(/^[^/]+\/[^/]+$/, "owner/repo"),
  GITHUB_TOKEN: z.string().min(1),
  /** The installation the token belongs to: the event file (a repository webhook) names none. */
  CONDUCTOR_INSTALLATION_ID: z.coerce.number().int().positive(),
  /** The app's slug: with an installation token `GET /app` cannot be called to find it. */
  APP_SLUG: z.string().min(1),
  /** The sweep workflow's file, turned on while tasks are active (docs/templates/conductor-sweep.yml). */
  CONDUCTOR_SWEEP_WORKFLOW: z.string().min(1).default(SWEEP_WORKFLOW),
});
export type ActionsEnv = z.infer<typeof ActionsEnv>;

/** Events on which the workflow sweeps: the `schedule`, and a manual run of the workflow. */
const SWEEP_EVENTS = new Set(["schedule", "workflow_dispatch"]);

/** What `runInActions` takes from outside; tests replace the deps (clock, planner) or the adapter. */
export interface ActionsSeams {
  deps?: Partial<Deps>;
  /** `run` of @probot/adapter-github-actions: builds a Probot from the environment, delivers the event file. */
  run?: (app: (probot: Probot) => void) => Promise<void>;
}

/** Thrown when the workflow's environment is incomplete, with every problem at once. */
export class ActionsEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Conductor cannot run in this workflow:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ActionsEnvError";
  }
}

/** Parses the workflow's environment or throws `ActionsEnvError` naming every missing or bad variable. */
export function parseActionsEnv(env: NodeJS.ProcessEnv): ActionsEnv {
  const parsed = ActionsEnv.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ActionsEnvError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
}

/**
 * Actions-hosted mode (DESIGN §7 Deployment): one workflow run is one webhook. The same app as the server
 * (`createConductor`) is loaded into the Probot that @probot/adapter-github-actions builds from the
 * workflow's token, and given the event file. On `schedule` (and `workflow_dispatch`) the run is the sweep
 * instead: the active tasks are rebuilt from this repository's `conductor:running` issues and each gets a
 * `Tick`. Either way the run waits for every queued reconcile before it returns, because the runner is
 * gone afterwards. Then the sweep workflow is turned on while tasks are active and off when none is
 * (`syncSweepWorkflow`). Returns the errors the reconciles threw (the entry fails the job on any).
 */
export async function runInActions(env: NodeJS.ProcessEnv, seams: ActionsSeams = {}): Promise<unknown[]> {
  const vars = parseActionsEnv(env);
  const [owner = "", name = ""] = vars.GITHUB_REPOSITORY.split("/");
  const repo = { owner, repo: name };
  // One event per process: a write held for the next reconcile would die with the runner (`reconcile`).
  const deps = defaultDeps(env, {
    appSlug: vars.APP_SLUG,
    sweepIntervalMs: 0,
    shutdownSignals: [],
    holdWrites: false,
    ...seams.deps,
  });
  let loaded: { app: Probot; conductor: Conductor } | undefined;
  await (seams.run ?? adapterRun)((app) => {
    loaded = { app, conductor: createConductor(app, deps, { installationId: vars.CONDUCTOR_INSTALLATION_ID }) };
  });
  if (!loaded) throw new Error("the Actions adapter did not load the app (see its log above)");
  const { app, conductor } = loaded;
  const errors = await conductor.idle();
  const octokit = await app.auth();
  if (SWEEP_EVENTS.has(vars.GITHUB_EVENT_NAME)) {
    const issues = await runningIssues(octokit, repo);
    for (const issue of issues) conductor.track({ installationId: vars.CONDUCTOR_INSTALLATION_ID, repo, issue });
    app.log.info({ tasks: issues.length }, "sweep: ticking the active tasks");
    conductor.tick();
    errors.push(...(await conductor.idle()));
  }
  // After the run's reconciles, so a task that just started turns the schedule on and the last one to end
  // turns it off (docs/operations.md#what-it-costs).
  const active = (await runningIssues(octokit, repo)).length;
  await syncSweepWorkflow(octokit, repo, active, app.log, vars.CONDUCTOR_SWEEP_WORKFLOW);
  return errors;
}
