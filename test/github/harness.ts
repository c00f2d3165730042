/**
 * A Probot app with Conductor loaded, for tests through `probot.receive()` (STYLE habit 10): real Probot,
 * real Octokit, every request answered by the strict HTTP mock. The app authenticates as a GitHub App with
 * a key made for the test; its installation token request is declared once (optional, persisted), since
 * it is plumbing and not what any test is about.
 */
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { expect } from "vitest";
import { appKey } from "../../sandbox/world/app.js";
import { type Deps, defaultDeps } from "../../src/github/reconcile/deps.js";
import type { Conductor } from "../../src/github/server/conductor.js";
import appFn from "../../src/index.js";
import type { StrictHttp } from "../helpers/strict-http.js";
import type { ReceivableEvent } from "../helpers/webhooks.js";

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const R = `/repos/${OWNER}/${REPO}`;
export const INSTALLATION = 2;
export const SLUG = "conductor";
export const BOT = `${SLUG}[bot]`;

export interface TestApp {
  probot: Probot;
  conductor: Conductor;
  /** Delivers a webhook and waits until every reconcile it caused has finished; fails on their errors. */
  deliver(event: ReceivableEvent): Promise<void>;
  /** Runs the sweep's tick and waits for it. */
  tick(): Promise<void>;
  clock: { now: number };
  posted: { url: string; body: unknown }[];
  /** Warnings and errors the app logged (debug and info are dropped). */
  logs: { level: number; msg: string; err?: unknown }[];
}

/** Logged errors and effects that failed: a scenario that expects none fails on them. */
const failures = (logs: TestApp["logs"]) => logs.filter((l) => l.level >= 50 || /effect|dashboard/.test(l.msg));

/** Starts Conductor in a fresh Probot; `deps` overrides the test defaults (clock, no sleeping, no timer). */
export async function startApp(http: StrictHttp, deps: Partial<Deps> = {}): Promise<TestApp> {
  http
    .github()
    .persist()
    .post(`/app/installations/${INSTALLATION}/access_tokens`)
    .optionally()
    .reply(201, {
      token: "ghs_test",
      expires_at: "2099-01-01T00:00:00Z",
      permissions: { issues: "write" },
      repository_selection: "all",
    });
  const clock = { now: Date.UTC(2026, 10, 21, 12, 0, 0) };
  const posted: TestApp["posted"] = [];
  const logs: TestApp["logs"] = [];
  const fakeFetch: typeof fetch = async (input, init) => {
    posted.push({ url: String(input), body: JSON.parse(String(init?.body ?? "null")) });
    return new Response("ok", { status: 200 });
  };
  const probot = new Probot({
    appId: 1,
    privateKey: appKey(),
    log: pino({ level: "warn" }, { write: (line: string) => void logs.push(JSON.parse(line)) }),
    // Probot sets its own throttle options (a write every second, per installation: DESIGN §7's
    // serialized mutations); applied last, this turns throttling and retries off for tests.
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      throttle: { ...(options.throttle as object), enabled: false },
      retry: { enabled: false },
    })),
  });
  let conductor: Conductor | undefined;
  await probot.load((app) => {
    conductor = appFn(
      app,
      undefined,
      defaultDeps(
        {},
        {
          now: () => clock.now,
          sleep: async () => {},
          fetch: fakeFetch,
          appSlug: SLUG,
          sweepIntervalMs: 0,
          shutdownSignals: [],
          // Each step's record is read from the store; holding them is tested in test/e2e/held-writes.test.ts.
          holdWrites: false,
          ...deps,
        },
      ),
    );
  });
  if (!conductor) throw new Error("the app did not start");
  const started = conductor;
  return {
    probot,
    conductor: started,
    clock,
    posted,
    logs,
    async deliver(event) {
      await probot.receive(event);
      expect(await started.idle()).toEqual([]);
      expect(failures(logs)).toEqual([]);
    },
    async tick() {
      started.tick();
      expect(await started.idle()).toEqual([]);
      expect(failures(logs)).toEqual([]);
    },
  };
}
