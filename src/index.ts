import type { ApplicationFunctionOptions, Probot } from "probot";
import { type Conductor, createConductor } from "./github/conductor.js";
import { type Deps, defaultDeps } from "./github/deps.js";

/**
 * The Probot app (DESIGN §7 "src/index.ts: Probot entry: wiring only"). `deps` is the seam tests use; the
 * returned handle lets tests and a graceful shutdown wait for queued reconciles (`idle()`).
 */
export default (app: Probot, _options?: ApplicationFunctionOptions, deps: Deps = defaultDeps(process.env)): Conductor =>
  createConductor(app, deps);
