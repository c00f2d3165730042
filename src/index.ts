import type { ApplicationFunctionOptions, Probot } from "probot";
import { createConductor } from "./github/conductor.js";
import { type Deps, defaultDeps } from "./github/deps.js";

/** The Probot app (DESIGN §7 "src/index.ts: Probot entry: wiring only"); `deps` is the seam tests use. */
export default (app: Probot, _options?: ApplicationFunctionOptions, deps: Deps = defaultDeps(process.env)): void => {
  createConductor(app, deps);
};
