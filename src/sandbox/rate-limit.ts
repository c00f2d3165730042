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
