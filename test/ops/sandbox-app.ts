/**
 * Conductor in server mode against the in-process sandbox GitHub (sandbox/): a real Probot whose Octokit
 * sends every request to `sandbox.fetch`, and helpers to act as a maintainer and deliver what the sandbox
 * emitted. The ops tests compare this run with the Actions-hosted one and interrupt it with a shutdown.
 */
import { readFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { createSandbox, type Sandbox } from "../../sandbox/index.js";
import { appKey } from "../../sandbox/world/app.js";
import { type Deps, defaultDeps } from "../../src/github/reconcile/deps.js";
import type { Conductor } from "../../src/github/server/conductor.js";
import appFn from "../../src/index.js";

const EXECUTOR = readFileSync(new URL("../../.github/workflows/conductor-executor.yml", import.meta.url), "utf8");

/** Two modules with their own `Paths`, so they run side by side (docs/spec-format.md#overlapping-paths). */
export const SPEC = `Add a health endpoint.

## Implementation Phases

### Phase 1: Health
- Add GET /healthz
Modules: api, docs
Test Command: npm test

#### Module: api
Paths: src/**

#### Module: docs
Paths: docs/**
`;

/** Deps for a test app: the sandbox's clock, no timer, no signals, no sleeping. */
export function testDeps(sandbox: Sandbox, clock: () => number, overrides: Partial<Deps> = {}): Deps {
  return defaultDeps(
    {},
    {
      now: clock,
      sleep: async () => {},
      appSlug: sandbox.app.slug,
      sweepIntervalMs: 0,
      shutdownSignals: [],
      ...overrides,
    },
  );
}

/** A fixed clock that moves one second per reading. */
export function ticking(start = Date.UTC(2026, 10, 21, 12)): () => number {
  let now = start;
  return () => (now += 1000);
}

export interface World {
  sandbox: Sandbox;
  clock: () => number;
  maintainer: Octokit;
  /** Opens the task issue as the maintainer and returns its number. */
  openIssue(body?: string): Promise<number>;
}

/** A sandbox with a repository that has a package.json, and a maintainer. */
export async function createWorld(): Promise<World> {
  const clock = ticking();
  const sandbox = await createSandbox({
    clock,
    validate: false,
    owner: "acme",
    repo: "shop",
    app: { slug: "conductor", name: "Conductor" },
    seed: {
      files: {
        "package.json": '{"name":"shop"}\n',
        "README.md": "# shop\n",
        ".github/workflows/conductor-executor.yml": EXECUTOR,
      },
    },
  });
  sandbox.addCollaborator("alice", "maintain");
  const maintainer = new Octokit({ auth: sandbox.tokenFor("alice"), request: { fetch: sandbox.fetch } });
  return {
    sandbox,
    clock,
    maintainer,
    async openIssue(body = SPEC) {
      const { data } = await maintainer.rest.issues.create({
        owner: sandbox.owner,
        repo: sandbox.repo,
        title: "Health endpoint",
        body,
      });
      return data.number;
    },
  };
}

export interface ServerApp {
  probot: Probot;
  conductor: Conductor;
  logs: Record<string, unknown>[];
  /** Delivers every webhook the sandbox has queued, until none is left, waiting for the reconciles. */
  drain(): Promise<unknown[]>;
}

/** Starts Conductor as `npm start` would, but with the sandbox behind Octokit and logs captured. */
export async function startServerApp(world: World, deps: Partial<Deps> = {}): Promise<ServerApp> {
  const logs: Record<string, unknown>[] = [];
  const probot = new Probot({
    appId: world.sandbox.app.id,
    privateKey: appKey(),
    log: pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line)) }),
    // Applied last (after Probot's own per-installation throttle options): no throttling or retries.
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      request: { ...(options.request as object), fetch: world.sandbox.fetch },
      throttle: { ...(options.throttle as object), enabled: false },
      retry: { enabled: false },
    })),
  });
  let conductor: Conductor | undefined;
  await probot.load((app) => {
    conductor = appFn(app, undefined, testDeps(world.sandbox, world.clock, deps));
  });
  if (!conductor) throw new Error("the app did not start");
  const started = conductor;
  return {
    probot,
    conductor: started,
    logs,
    async drain() {
      const errors: unknown[] = [];
      for (let round = 0; round < 20; round++) {
        const deliveries = world.sandbox.webhooks.take();
        if (deliveries.length === 0) break;
        for (const d of deliveries) {
          await probot.receive({ id: d.id, name: d.name as "issues", payload: d.payload as never });
        }
        errors.push(...(await started.idle()));
      }
      return errors;
    },
  };
}
