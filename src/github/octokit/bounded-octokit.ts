import { ProbotOctokit } from "probot";

/** How often a rate-limited request is retried (after the wait GitHub names) before it fails. */
export const RATE_LIMIT_RETRIES = 2;
/** How often the retry plugin repeats a request that failed with a server error. */
export const SERVER_ERROR_RETRIES = 2;

type OctokitClass = typeof ProbotOctokit;
type Options = NonNullable<ConstructorParameters<OctokitClass>[0]>;
/** What the throttling plugin hands its callbacks: the request's method and URL are all we log. */
type Limited = { method: string; url: string };
/** Octokit's logger (Probot hands it a pino child): one string per line. */
type Logger = { warn(message: string): unknown };

/**
 * The throttle callbacks: wait as long as GitHub says (`Retry-After`, or the reset time; the plugin does
 * the waiting when a callback returns true), at most `RATE_LIMIT_RETRIES` times per request, logging each.
 * Octokit's own defaults in Probot retry a secondary rate limit forever, so one hot task could keep a
 * reconcile waiting without end; a request that fails here stays in the outbox for the next reconcile.
 */
export function boundedThrottle(log: Logger | undefined) {
  const decide =
    (kind: "rate limit" | "secondary rate limit") =>
    (retryAfter: number, options: Limited, _octokit: unknown, retryCount = 0): boolean => {
      const retry = retryCount < RATE_LIMIT_RETRIES;
      const what = `${kind} on ${options.method} ${options.url}`;
      log?.warn(
        retry
          ? `${what}: retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES} after ${retryAfter}s`
          : `${what}: given up after ${retryCount} retries`,
      );
      return retry;
    };
  return { onRateLimit: decide("rate limit"), onSecondaryRateLimit: decide("secondary rate limit") };
}

/**
 * `Base` with bounded rate-limit and server-error retries (DESIGN §7 "throttle and retry … but bounded").
 * A function, not an object, is given to `defaults`: Probot passes its own `throttle` per instance (with the
 * Redis connection that clusters replicas), which is kept; only the callbacks are replaced.
 */
export function withBoundedRetries(Base: OctokitClass = ProbotOctokit, log?: Logger): OctokitClass {
  return Base.defaults((instance: Options = {}) => ({
    ...instance,
    throttle: { ...instance.throttle, ...boundedThrottle(log ?? instance.log) },
    retry: { retries: SERVER_ERROR_RETRIES, ...instance.retry },
  }));
}
