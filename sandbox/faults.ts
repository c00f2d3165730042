import type { RouteResponse } from "./http.js";

/** The failures GitHub really produces under load. */
export type FaultKind = "502" | "500" | "secondary-rate-limit";

/** Which requests a fault may hit: by method and route template (e.g. `PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge`). */
export type FaultMatcher = (method: string, route: string) => boolean;

/** A one-off fault for the next matching request(s). */
export interface FaultRule {
  kind: FaultKind;
  /** How many matching requests fail (default 1). */
  count?: number;
  match?: FaultMatcher;
  /**
   * Fail after the change is made (the client sees an error, but the write happened), the case that
   * makes idempotency necessary.
   */
  after?: boolean;
  /** `Retry-After` seconds for rate limits (default: the random config's, else 1). */
  retryAfter?: number;
}

/** Faults drawn at random for a fraction of requests, reproducible from a seed. */
export interface RandomFaults {
  /** Fraction of matching requests that fail, 0..1. */
  rate: number;
  seed: number;
  kinds?: FaultKind[];
  /** Fraction of faults that strike after the change is made, 0..1 (default 0). */
  afterRate?: number;
  retryAfterSeconds?: number;
  match?: FaultMatcher;
}

/** Milliseconds to wait before answering a request (or nothing). */
export type LatencyHook = (method: string, route: string) => number | undefined;

/** A decided fault for one request. */
export interface Fault {
  kind: FaultKind;
  after: boolean;
  retryAfter: number;
}

/** A small, fast, seedable PRNG (mulberry32), so a seed replays the same faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides which requests fail and how long each waits. */
export class Faults {
  #rules: Array<FaultRule & { left: number }> = [];
  #random: (RandomFaults & { next: () => number }) | undefined;
  #latency: LatencyHook | undefined;

  /** Makes the next matching request(s) fail. */
  failNext(rule: FaultRule): void {
    this.#rules.push({ ...rule, left: rule.count ?? 1 });
  }

  /** Sets (or with undefined clears) random faults. */
  setRandom(config: RandomFaults | undefined): void {
    this.#random = config ? { ...config, next: seededRandom(config.seed) } : undefined;
  }

  /** Sets (or clears) the latency hook. */
  setLatency(hook: LatencyHook | undefined): void {
    this.#latency = hook;
  }

  /** Clears rules, random faults and latency. */
  clear(): void {
    this.#rules = [];
    this.#random = undefined;
    this.#latency = undefined;
  }

  /** The fault for this request, if any (consumes one-off rules and random draws). */
  decide(method: string, route: string): Fault | undefined {
    const rule = this.#rules.find((r) => r.left > 0 && (r.match?.(method, route) ?? true));
    if (rule) {
      rule.left -= 1;
      this.#rules = this.#rules.filter((r) => r.left > 0);
      return {
        kind: rule.kind,
        after: rule.after ?? false,
        retryAfter: rule.retryAfter ?? this.#random?.retryAfterSeconds ?? 1,
      };
    }
    const random = this.#random;
    if (!random || !(random.match?.(method, route) ?? true)) return undefined;
    if (random.next() >= random.rate) return undefined;
    const kinds = random.kinds ?? ["502", "secondary-rate-limit"];
    const kind = kinds[Math.floor(random.next() * kinds.length)] ?? "502";
    const after = random.next() < (random.afterRate ?? 0);
    return { kind, after, retryAfter: random.retryAfterSeconds ?? 1 };
  }

  /** Waits as long as the latency hook says. */
  async delay(method: string, route: string): Promise<void> {
    const ms = this.#latency?.(method, route);
    if (ms && ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/** The response GitHub gives for a fault. */
export function faultResponse(fault: Fault): RouteResponse {
  if (fault.kind === "secondary-rate-limit") {
    return {
      status: 403,
      headers: { "retry-after": String(fault.retryAfter) },
      body: {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
        documentation_url:
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        status: "403",
      },
    };
  }
  const status = fault.kind === "502" ? 502 : 500;
  return {
    status,
    body: { message: status === 502 ? "Server Error" : "Internal Server Error", status: String(status) },
  };
}
