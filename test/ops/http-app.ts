/**
 * Conductor behind Probot's real HTTP server (`Server`, what `probot run` starts), with the sandbox behind
 * Octokit: webhooks arrive as signed POSTs to /api/github/webhooks, as from GitHub.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import type { WebhookDelivery } from "../../sandbox/index.js";
import { appKey } from "../../sandbox/world/app.js";
import type { Deps } from "../../src/github/reconcile/deps.js";
import type { Conductor } from "../../src/github/server/conductor.js";
import appFn from "../../src/index.js";
import { testDeps, type World } from "./sandbox-app.js";

const SECRET = "ops-test-secret";

/** A port nothing listens on. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

export interface HttpApp {
  url: string;
  conductor: Conductor;
  logs: Record<string, unknown>[];
  /** POSTs one delivery as GitHub would (signed); resolves with the HTTP status. */
  post(delivery: WebhookDelivery): Promise<number>;
  stop(): Promise<void>;
}

/** Starts Probot's server on a free port with Conductor loaded; `env` stands for `process.env`. */
export async function startHttpApp(world: World, deps: Partial<Deps> = {}): Promise<HttpApp> {
  const logs: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const port = await freePort();
  const server = new Server({
    host: "127.0.0.1",
    port,
    log,
    Probot: Probot.defaults({
      appId: world.sandbox.app.id,
      privateKey: appKey(),
      secret: SECRET,
      log,
      Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
        ...options,
        request: { ...(options.request as object), fetch: world.sandbox.fetch },
        throttle: { ...(options.throttle as object), enabled: false },
        retry: { enabled: false },
      })),
    }),
  });
  let conductor: Conductor | undefined;
  await server.load((app, options) => {
    conductor = appFn(app, options, testDeps(world.sandbox, world.clock, deps));
  });
  await server.start();
  if (!conductor) throw new Error("the app did not start");
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    conductor,
    logs,
    async post(delivery) {
      const body = JSON.stringify(delivery.payload);
      const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
      const res = await fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": delivery.name,
          "x-github-delivery": delivery.id,
          "x-hub-signature-256": signature,
        },
        body,
      });
      await res.text();
      return res.status;
    },
    stop: () => server.stop(),
  };
}
