import type { ApplicationFunctionOptions, Probot } from "probot";
import { type Deps, defaultDeps } from "./github/reconcile/deps.js";
import { type Conductor, createConductor } from "./github/server/conductor.js";
import { mountServerRoutes } from "./github/server/server-routes.js";
import { drainOnShutdown } from "./github/server/shutdown.js";

/**
 * The Probot app (DESIGN §7 "src/index.ts: Probot entry: wiring only"). `deps` is the seam tests use; the
 * returned handle lets tests wait for queued reconciles (`idle()`), as a shutdown does.
 */
export default (
  app: Probot,
  options?: ApplicationFunctionOptions,
  deps: Deps = defaultDeps(process.env),
): Conductor => {
  const conductor = createConductor(app, deps);
  drainOnShutdown(conductor, deps.shutdownSignals, app.log);
  mountServerRoutes(conductor, options, { deps, env: process.env, log: app.log });
  return conductor;
};
