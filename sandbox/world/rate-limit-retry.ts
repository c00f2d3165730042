import type { Octokit } from "@octokit/core";
import { boundedThrottle } from "../../src/github/octokit/bounded-octokit.js";

/** What `boundedThrottle`'s callbacks receive about a request. */
type Limited = { method: string; url: string };
/** The parts of a failed request's error that tell a rate limit apart. */
type Failure = { status?: unknown; message?: unknown; response?: { headers?: Record<string, unknown> } };

/**
 * Seconds to wait before retrying a rate-limited request, read as the throttling plugin reads them: a
 * secondary limit names them in `Retry-After`; a primary one (`x-ratelimit-remaining: 0`) until its reset.
 * `null` when `error` is no rate limit.
 */
export function rateLimitWait(
  error: unknown,
  nowMs: number,
): { kind: "secondary" | "primary"; seconds: number } | null {
  if (typeof error !== "object" || error === null) return null;
  const { status, message, response } = error as Failure;
  if (status !== 403 && status !== 429) return null;
  const headers = response?.headers ?? {};
  if (/\bsecondary rate\b/i.test(String(message ?? ""))) {
    return { kind: "secondary", seconds: Number(headers["retry-after"]) || 60 };
  }
  if (headers["x-ratelimit-remaining"] === "0") {
    const reset = Number(headers["x-ratelimit-reset"]) * 1000;
    return { kind: "primary", seconds: Math.max(Math.ceil((reset - nowMs) / 1000) + 1, 0) };
  }
  return null;
}

/**
 * An Octokit plugin that stands in for the throttling plugin in the sandbox world, where that plugin is off
 * (its spacing between writes is real time, and the world's clock is not). It keeps the production
 * decisions, `boundedThrottle` (at most `RATE_LIMIT_RETRIES` per request, each logged), but waits through
 * the injected `sleep`, so a `Retry-After` of minutes moves the world's clock instead of the test's.
 */
export function rateLimitRetry(options: { sleep: (ms: number) => Promise<void>; now: () => number }) {
  return (octokit: Octokit) => {
    const throttle = boundedThrottle(octokit.log);
    octokit.hook.wrap("request", async (request, route) => {
      for (let retryCount = 0; ; retryCount++) {
        try {
          return await request(route);
        } catch (error) {
          const wait = rateLimitWait(error, options.now());
          if (!wait) throw error;
          const limited: Limited = { method: String(route.method), url: String(route.url) };
          const decide = wait.kind === "secondary" ? throttle.onSecondaryRateLimit : throttle.onRateLimit;
          if (!decide(wait.seconds, limited, octokit, retryCount)) throw error;
          await options.sleep(wait.seconds * 1000);
        }
      }
    });
  };
}
