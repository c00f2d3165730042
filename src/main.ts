/**
 * The server entry (`npm start`): Probot's `run` with Conductor's app and an Octokit whose rate-limit and
 * server-error retries are bounded (src/github/bounded-octokit.ts). `probot run lib/src/index.js` would
 * start the same app with Probot's own retry settings.
 */
import { run } from "probot";
import { withBoundedRetries } from "./github/bounded-octokit.js";
import app from "./index.js";

// Wrapped: Probot's `ApplicationFunction` returns nothing, ours returns the Conductor handle for tests.
await run(
  (probot, options) => {
    app(probot, options);
  },
  { Octokit: withBoundedRetries() },
);
