import { faultResponse } from "./faults.js";
import type { RouteResponse } from "./http.js";

/** GitHub's primary rate limit: `limit` requests per hour window; 304s are free. */
export class RateLimiter {
  #used = 0;
  #windowStart = 0;

  constructor(readonly limit: number) {}

  #roll(now: number): void {
    if (now - this.#windowStart >= 3_600_000) {
      this.#windowStart = now;
      this.#used = 0;
    }
  }

  /** Counts one request; answers GitHub's 403 when the hour's budget is spent. */
  take(now: number): RouteResponse | undefined {
    this.#roll(now);
    if (this.#used >= this.limit) {
      return {
        status: 403,
        body: {
          message: "API rate limit exceeded for installation.",
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
          status: "403",
        },
      };
    }
    this.#used += 1;
    return undefined;
  }

  /** Gives one request back (a conditional request answered 304 does not count). */
  refund(): void {
    this.#used = Math.max(0, this.#used - 1);
  }

  /** Used and remaining requests and the reset time (epoch seconds) of the current window. */
  status(now: number): { used: number; remaining: number; reset: number } {
    this.#roll(now);
    return {
      used: this.#used,
      remaining: Math.max(0, this.limit - this.#used),
      reset: Math.floor((this.#windowStart + 3_600_000) / 1000),
    };
  }
}

/** The `x-ratelimit-*` headers GitHub sends on every response. */
export function rateLimitHeaders(limiter: RateLimiter, now: number): Record<string, string> {
  const { used, remaining, reset } = limiter.status(now);
  return {
    "x-ratelimit-limit": String(limiter.limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-used": String(used),
    "x-ratelimit-reset": String(reset),
    "x-ratelimit-resource": "core",
  };
}

/** GitHub's secondary limit on content-creating requests (documented: 80 per minute, 500 per hour). */
export interface ContentLimits {
  perMinute?: number;
  perHour?: number;
}

/**
 * Enforces the content-creation limits over sliding windows: a mutating request beyond them is
 * GitHub's secondary-rate-limit 403 with `Retry-After` until the oldest request leaves the window.
 */
export class ContentLimiter {
  #times: number[] = [];

  constructor(readonly limits: ContentLimits) {}

  /** Counts one mutating request at `now` (ms); answers 403 when a window is full. */
  take(now: number): RouteResponse | undefined {
    this.#times = this.#times.filter((t) => now - t < 3_600_000);
    const windows: Array<[number | undefined, number]> = [
      [this.limits.perMinute, 60_000],
      [this.limits.perHour, 3_600_000],
    ];
    for (const [limit, span] of windows) {
      if (limit === undefined) continue;
      const inWindow = this.#times.filter((t) => now - t < span);
      if (inWindow.length < limit) continue;
      const retryAfter = Math.max(1, Math.ceil(((inWindow[0] ?? now) + span - now) / 1000));
      return faultResponse({ kind: "secondary-rate-limit", after: false, retryAfter });
    }
    this.#times.push(now);
    return undefined;
  }
}
