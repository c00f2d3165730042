/** Counts for one endpoint (`METHOD /route/{template}`). */
export interface RouteCount {
  /** Requests answered with anything but 304. */
  calls: number;
  /** Conditional requests answered 304 Not Modified (free on GitHub's rate limit). */
  notModified: number;
  /** Answers with status ≥ 400 that the endpoint itself gave (not injected faults). */
  errors: number;
  /** Injected faults (502, 500, secondary rate limit). */
  faults: number;
  mutating: boolean;
}

/** One request as the sandbox saw it, for round-trip analysis. */
export interface RequestLogEntry {
  seq: number;
  method: string;
  route: string;
  status: number;
  mutating: boolean;
  /** `performance.now()` when the request arrived and when it was answered. */
  start: number;
  end: number;
}

/** API usage, as the benchmark prints it. */
export interface CallReport {
  /** Every request, 304s and faults included. */
  total: number;
  /** Non-304 requests that change state (POST/PATCH/PUT/DELETE, GraphQL mutations). */
  mutating: number;
  /** Non-304 reads. */
  reads: number;
  notModified: number;
  faults: number;
  byRoute: Record<string, RouteCount>;
}

/** Tallies every request by method and route template. */
export class Accounting {
  #byRoute = new Map<string, RouteCount>();
  #log: RequestLogEntry[] = [];

  /** Records one answered request. */
  record(entry: Omit<RequestLogEntry, "seq">, faulted: boolean): void {
    const key = `${entry.method} ${entry.route}`;
    const count = this.#byRoute.get(key) ?? {
      calls: 0,
      notModified: 0,
      errors: 0,
      faults: 0,
      mutating: entry.mutating,
    };
    if (entry.status === 304) count.notModified += 1;
    else count.calls += 1;
    if (faulted) count.faults += 1;
    else if (entry.status >= 400) count.errors += 1;
    this.#byRoute.set(key, count);
    this.#log.push({ seq: this.#log.length + 1, ...entry });
  }

  /** The totals and per-endpoint counts so far. */
  report(): CallReport {
    const byRoute = Object.fromEntries([...this.#byRoute].sort(([a], [b]) => a.localeCompare(b)));
    let mutating = 0;
    let reads = 0;
    let notModified = 0;
    let faults = 0;
    for (const count of this.#byRoute.values()) {
      if (count.mutating) mutating += count.calls;
      else reads += count.calls;
      notModified += count.notModified;
      faults += count.faults;
    }
    return { total: mutating + reads + notModified, mutating, reads, notModified, faults, byRoute };
  }

  /** Every request in arrival order. */
  log(): readonly RequestLogEntry[] {
    return this.#log;
  }

  /** Forgets everything counted so far (e.g. after a test's setup). */
  reset(): void {
    this.#byRoute.clear();
    this.#log = [];
  }
}
