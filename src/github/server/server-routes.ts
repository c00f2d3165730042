import type { ApplicationFunctionOptions } from "probot";
import type { Deps } from "../reconcile/deps.js";
import type { Log } from "../reconcile/log.js";
import type { Conductor } from "./conductor.js";
import { HEALTHZ_PATH, health, healthzHandler, packageVersion } from "./healthz.js";

/**
 * Adds Conductor's own HTTP routes (`GET /healthz`) to Probot's server. Only `probot run` has a server:
 * `probot.load()` in tests and the Actions adapter pass no `addHandler`, or one that throws "No server
 * instance", and then there is nothing to mount.
 */
export function mountServerRoutes(
  conductor: Conductor,
  options: Pick<ApplicationFunctionOptions, "addHandler"> | undefined,
  o: { deps: Pick<Deps, "now">; env: NodeJS.ProcessEnv; log: Log },
): boolean {
  if (!options?.addHandler) return false;
  const version = packageVersion();
  const modelKeySet = Boolean(o.env.ANTHROPIC_API_KEY);
  const handler = healthzHandler(() => health(conductor, { version, modelKeySet, now: o.deps.now() }));
  try {
    options.addHandler(handler);
  } catch (error) {
    o.log.debug({ err: error }, `no HTTP server: ${HEALTHZ_PATH} not mounted`);
    return false;
  }
  return true;
}
