/**
 * The server entry (`npm start`): Probot's `run` with Conductor's app, an Octokit whose rate-limit and
 * server-error retries are bounded (src/github/octokit/bounded-octokit.ts) and the smee client for the development
 * webhook channel. `npm start` execs this file, so SIGTERM reaches this process and the graceful shutdown
 * (src/github/server/shutdown.ts) runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { pino } from "pino";
import { run } from "probot";
import { ACTIONS_SETUP_DIR, prepareActionsSetup } from "./github/actions-hosted/actions-manifest.js";
import { withBoundedRetries } from "./github/octokit/bounded-octokit.js";
import { smeeClientFor } from "./github/server/smee-client.js";
import { checkWebhookSecret } from "./github/server/webhook-secret-check.js";
import app from "./index.js";

/** `.env` as Probot's `run` applies it (its values win over the environment's), read early for the check. */
function applyDotEnv(): void {
  try {
    Object.assign(process.env, parseEnv(readFileSync(join(process.cwd(), ".env"), "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

// `npm run setup:actions`: the setup page for Actions-hosted mode, from a directory of its own.
const actionsSetup = process.env.CONDUCTOR_SETUP === "actions";
if (actionsSetup) process.chdir(prepareActionsSetup(process.cwd()));
applyDotEnv();
if (actionsSetup && process.env.APP_ID) {
  pino({ name: "conductor" }).info(
    `The app exists (APP_ID ${process.env.APP_ID}): put APP_ID and PRIVATE_KEY from ${ACTIONS_SETUP_DIR}/.env into ` +
      "the repository's secrets CONDUCTOR_APP_ID and CONDUCTOR_APP_PRIVATE_KEY (docs/operations.md#actions-hosted-mode).",
  );
  process.exit(0);
}
const secret = checkWebhookSecret(process.env);
if (secret.kind === "refuse") {
  pino({ name: "conductor" }).fatal(secret.message);
  process.exit(1);
}
if (secret.kind === "development-default") pino({ name: "conductor" }).warn(secret.message);

const sigintBefore = new Set(process.listeners("SIGINT"));
// Wrapped: Probot's `ApplicationFunction` returns nothing, ours returns the Conductor handle for tests.
await run(
  (probot, options) => {
    app(probot, options);
  },
  { Octokit: withBoundedRetries(), SmeeClient: smeeClientFor(process.env) },
);

// Probot's `run` adds a SIGINT handler of its own, last, which closes the server and exits at once: Ctrl-C
// would cut the queued reconciles that the app's own handler (src/github/server/shutdown.ts, registered while the
// app loaded) waits for. Keep only the app's.
const sigintAdded = process.listeners("SIGINT").filter((listener) => !sigintBefore.has(listener));
const probotSigint = sigintAdded.at(-1);
if (sigintAdded.length > 1 && probotSigint) process.off("SIGINT", probotSigint);
