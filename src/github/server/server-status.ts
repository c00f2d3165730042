import type { ProbotOctokit } from "probot";
import { z } from "zod";
import type { TaskRecord } from "../../core/record.js";
import { type FleetStats, fleetStats } from "../dashboard/stats.js";
import { remember } from "../reconcile/bounded.js";

/** How many tasks' latest records the process keeps for the statistics (oldest forgotten first). */
const MAX_TASKS = 2_000;

/** GitHub's primary rate limit as the last response said it (`x-ratelimit-*` headers). */
export interface RateLimitSeen {
  remaining: number;
  limit: number | null;
  /** When the window resets, ms since the epoch. */
  resetAt: number | null;
  /** When the response was seen. */
  seenAt: number;
}

/** What the process knows about itself, for `/healthz`. Nothing here is state: a restart starts it empty. */
export interface ServerStatus {
  /** Notes the record a reconcile ended with (`null`: the task has none). */
  noteRecord(key: string, record: TaskRecord | null): void;
  /** Notes that the sweep ticked the active tasks. */
  noteSweep(at: number): void;
  /** Reads the rate-limit headers of a response; anything without them is ignored. */
  noteHeaders(headers: unknown): void;
  readonly lastSweepAt: number | null;
  readonly rateLimit: RateLimitSeen | null;
  /** Statistics over the latest record of every task seen since the start. */
  stats(now: number): FleetStats;
}

const count = z.coerce.number().int().nonnegative();
const RateHeaders = z.object({
  "x-ratelimit-remaining": count,
  "x-ratelimit-limit": count.optional(),
  "x-ratelimit-reset": count.optional(),
});

/** A fresh status; `now` stamps the rate-limit readings. */
export function createServerStatus(now: () => number): ServerStatus {
  const records = new Map<string, TaskRecord>();
  let lastSweepAt: number | null = null;
  let rateLimit: RateLimitSeen | null = null;
  return {
    noteRecord(key, record) {
      if (record) remember(records, key, record, MAX_TASKS);
    },
    noteSweep(at) {
      lastSweepAt = at;
    },
    noteHeaders(headers) {
      const parsed = RateHeaders.safeParse(headers);
      if (!parsed.success) return;
      const h = parsed.data;
      rateLimit = {
        remaining: h["x-ratelimit-remaining"],
        limit: h["x-ratelimit-limit"] ?? null,
        resetAt: h["x-ratelimit-reset"] === undefined ? null : h["x-ratelimit-reset"] * 1000,
        seenAt: now(),
      };
    },
    get lastSweepAt() {
      return lastSweepAt;
    },
    get rateLimit() {
      return rateLimit;
    },
    stats: (at) => fleetStats(records.values(), at),
  };
}

type AppOctokit = InstanceType<typeof ProbotOctokit>;
const watched = new WeakSet<object>();
const ErrorHeaders = z.object({ response: z.object({ headers: z.unknown() }) });

/**
 * Reads the rate-limit headers of every response `octokit` gets, failed ones included (a 403 for the
 * rate limit is the reading that matters most), without an extra request. Each client is hooked once.
 */
export function watchRateLimit<T extends AppOctokit>(octokit: T, status: ServerStatus): T {
  if (watched.has(octokit)) return octokit;
  watched.add(octokit);
  octokit.hook.after("request", (response) => status.noteHeaders(response.headers));
  octokit.hook.error("request", (error) => {
    const failed = ErrorHeaders.safeParse(error);
    if (failed.success) status.noteHeaders(failed.data.response.headers);
    throw error;
  });
  return octokit;
}
