/**
 * The server entry (`npm start`): Probot's `run` with Conductor's app, an Octokit whose rate-limit and
 * server-error retries are bounded (src/github/bounded-octokit.ts) and the smee client for the development
 * webhook channel. `npm start` execs this file, so SIGTERM reaches this process and the graceful shutdown
 * (src/github/shutdown.ts) runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { pino } from "pino";
import { run } from "probot";
import { withBoundedRetries } from "./github/bounded-octokit.js";
import { smeeClientFor } from "./github/smee-client.js";
import { checkWebhookSecret } from "./github/webhook-secret-check.js";
import app from "./index.js";

/** `.env` as Probot's `run` applies it (its values win over the environment's), read early for the check. */
function applyDotEnv(): void {
  try {
    Object.assign(process.env, parseEnv(readFileSync(join(process.cwd(), ".env"), "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

applyDotEnv();
const secret = checkWebhookSecret(process.env);
if (secret.kind === "refuse") {
  pino({ name: "conductor" }).fatal(secret.message);
  process.exit(1);
}
if (secret.kind === "development-default") pino({ name: "conductor" }).warn(secret.message);

// Wrapped: Probot's `ApplicationFunction` returns nothing, ours returns the Conductor handle for tests.
await run(
  (probot, options) => {
    app(probot, options);
  },
  { Octokit: withBoundedRetries(), SmeeClient: smeeClientFor(process.env) },
);
