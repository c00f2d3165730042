import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { type Deps, defaultDeps } from "../../src/github/reconcile/deps.js";
import type { Conductor } from "../../src/github/server/conductor.js";
import appFn from "../../src/index.js";
import type { Sandbox } from "../sandbox-types.js";
import type { WorldClock } from "./clock.js";
import { rateLimitRetry } from "./rate-limit-retry.js";

/** The real Probot app, loaded with Conductor, talking to the sandbox. */
export interface AppInstance {
  probot: Probot;
  conductor: Conductor;
}

let privateKey: string | undefined;
/** One RSA key per process: the sandbox accepts any app JWT, and generating a key takes a while. */
export const appKey = (): string =>
  (privateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey);

/**
 * Starts Conductor as `npm start` would, but with every request going to the sandbox through
 * `request.fetch`, the world's clock, no sweep timer (the world ticks), and retries bounded and fast.
 * The throttling plugin is off: its minimum spacing between writes is real time, and the sandbox
 * answers at once. Its bounded rate-limit retries are kept by `rateLimitRetry`, which waits on the
 * world's clock; server errors reach the retry plugin.
 */
export async function startApp(options: {
  sandbox: Sandbox;
  clock: WorldClock;
  /** Receives every log line of the app, as JSON (pino). */
  logSink: (line: string) => void;
  deps?: Partial<Deps>;
}): Promise<AppInstance> {
  const { sandbox, clock } = options;
  const log = pino({ level: "debug", base: null }, { write: options.logSink });
  const probot = new Probot({
    appId: sandbox.app.id,
    privateKey: appKey(),
    log,
    // A function, not an object: Probot passes its own `throttle` per instance, which would win over ours.
    Octokit: ProbotOctokit.plugin(
      rateLimitRetry({ sleep: async (ms) => clock.advance(ms), now: () => clock.now() }),
    ).defaults((instance: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({
      ...instance,
      // Not `request.retries`: plugin-retry's limiter would then retry every failure, 422s included.
      request: { ...instance.request, fetch: sandbox.fetch },
      retry: { ...instance.retry, retries: 2, retryAfterBaseValue: 1 },
      throttle: { ...instance.throttle, enabled: false },
    })),
  });
  const deps: Deps = defaultDeps(
    {},
    {
      now: () => clock.now(),
      sleep: async (ms) => clock.advance(ms),
      appSlug: sandbox.app.slug,
      sweepIntervalMs: 0,
      shutdownSignals: [],
      ...options.deps,
    },
  );
  let conductor: Conductor | undefined;
  await probot.load((app, appOptions) => {
    conductor = appFn(app, appOptions, deps);
  });
  if (!conductor) throw new Error("the app function did not start Conductor");
  return { probot, conductor };
}
