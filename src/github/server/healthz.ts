import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { FleetStats } from "../dashboard/stats.js";
import type { Conductor } from "./conductor.js";

/** The path the health endpoint answers on. */
export const HEALTHZ_PATH = "/healthz";

/** The `/healthz` body (documented in docs/operations.md). */
export interface Health {
  ok: boolean;
  version: string;
  /** `false` once a shutdown began: the process finishes its queue and exits. */
  accepting: boolean;
  tasks: { active: number; busy: number };
  /** ISO time of the last sweep tick, or `null` before the first. */
  lastSweep: string | null;
  /** GitHub's primary rate limit from the last response seen (no request is made for it). */
  rateLimit: { remaining: number; limit: number | null; resetAt: string | null; seenAt: string } | null;
  /** Whether `ANTHROPIC_API_KEY` is set (the planner can write plans); the key itself is never shown. */
  modelKeySet: boolean;
  stats: FleetStats;
}

/**
 * The version in Conductor's package.json: three levels up from `src/github/server/`, four from the
 * build's `lib/src/github/server/`.
 */
export function packageVersion(): string {
  const candidates = ["../../../package.json", "../../../../package.json"].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((url) => existsSync(url));
  if (!found) return "unknown";
  const text = readFileSync(found, "utf8");
  return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The health of a running app, as `/healthz` reports it. */
export function health(conductor: Conductor, o: { version: string; modelKeySet: boolean; now: number }): Health {
  const rate = conductor.status.rateLimit;
  return {
    ok: true,
    version: o.version,
    accepting: !conductor.stopping,
    tasks: { active: conductor.active, busy: conductor.busy },
    lastSweep: iso(conductor.status.lastSweepAt),
    rateLimit: rate && {
      remaining: rate.remaining,
      limit: rate.limit,
      resetAt: iso(rate.resetAt),
      seenAt: new Date(rate.seenAt).toISOString(),
    },
    modelKeySet: o.modelKeySet,
    stats: conductor.status.stats(o.now),
  };
}

/**
 * A handler for Probot's server (`options.addHandler`): `GET /healthz` answers the JSON above, 200 while
 * the app takes webhooks and 503 while it is stopping (so a load balancer sends nothing new); every other
 * request is left to the next handler. `health` is read per request.
 */
export function healthzHandler(read: () => Health) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== HEALTHZ_PATH || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const body = read();
    res.writeHead(body.accepting ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : `${JSON.stringify(body)}\n`);
    return true;
  };
}
