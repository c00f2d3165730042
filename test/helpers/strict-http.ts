/**
 * The one strict HTTP mock of the test suite, and the only file that imports nock (STYLE habit 10).
 *
 * Modelled on renovate's `httpMock`: every request a test makes must have been declared, every declared
 * request must be made, and every request is recorded for assertions. On top of that, every request to
 * api.github.com is checked against GitHub's OpenAPI description (`checkGitHubRequest`, loaded only by a
 * test that sent one), so a request GitHub would reject fails the test even when the mock accepted it.
 *
 * Usage (in a test file):
 *   const http = setupStrictHttp();            // registers beforeEach/afterEach
 *   http.github().post("/repos/o/r/issues/1/comments").reply(201, { id: 1 });
 *   ... run the code ...
 *   expect(http.requests[0]?.body).toEqual({ body: "hi" });
 *
 * nock 15.0.0 is pinned on purpose (see STACK.md §2): later 15.x do not intercept fetch on Node 20.
 * Paths are matched as sent: Octokit encodes `/` inside a parameter (`git/refs/conductor%2Ftasks%2F3`).
 */
import nock from "nock";
import { afterEach, beforeEach } from "vitest";

/** A nock scope, re-exported so that tests never import nock themselves. */
export type Scope = nock.Scope;

export const GITHUB_API = "https://api.github.com";
export const ANTHROPIC_API = "https://api.anthropic.com";

/** One request as the code under test sent it. */
export interface RecordedRequest {
  method: string;
  /** Full URL, e.g. `https://api.github.com/repos/o/r/issues?state=open`. */
  url: string;
  /** Origin, e.g. `https://api.github.com`. */
  origin: string;
  /** Path with query string, as sent (still percent-encoded). */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** JSON-parsed body when it parses, the raw text otherwise, `undefined` when empty. */
  body: unknown;
  /** Whether a declared mock answered it. */
  matched: boolean;
}

export interface StrictHttpOptions {
  /** Check requests to api.github.com against GitHub's OpenAPI description (default true). */
  openapi?: boolean;
}

export interface StrictHttp {
  /** Declare expected requests to `https://api.github.com` (REST and GraphQL). */
  github(): Scope;
  /** Declare expected requests to `https://api.anthropic.com`. */
  anthropic(): Scope;
  /** Declare expected requests to any other origin. */
  scope(origin: string): Scope;
  /** Every request seen since `start()`, in order (matched or not). */
  readonly requests: readonly RecordedRequest[];
  /** Recorded requests with this method whose path (without query) equals or matches `path`. */
  find(method: string, path: string | RegExp): RecordedRequest[];
  /** Blocks the network (loopback stays open) and starts recording. */
  start(): void;
  /** Throws one error listing every unmatched request, unused mock and OpenAPI problem. */
  verify(): Promise<void>;
  /** Removes all mocks and listeners, re-opens the network and forgets the recordings. */
  stop(): void;
}

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** Creates a strict HTTP mock that the caller starts, verifies and stops itself (for self-tests). */
export function createStrictHttp(options: StrictHttpOptions = {}): StrictHttp {
  const checkOpenApi = options.openapi ?? true;
  const requests: RecordedRequest[] = [];
  /** The body of each request as sent, for the unmatched-request message. */
  const bodyTexts = new Map<RecordedRequest, string | undefined>();
  const pendingBodies: Promise<void>[] = [];

  const record = (request: Request, bodyText: string | undefined, matched: boolean): void => {
    const url = new URL(request.url);
    const entry: RecordedRequest = {
      method: request.method.toUpperCase(),
      url: request.url,
      origin: url.origin,
      path: url.pathname + url.search,
      headers: Object.fromEntries([...request.headers].map(([k, v]) => [k.toLowerCase(), v])),
      body: undefined,
      matched,
    };
    requests.push(entry);
    const finish = (text: string | undefined): void => {
      entry.body = parseBody(text);
      bodyTexts.set(entry, text);
    };
    if (bodyText !== undefined) finish(bodyText);
    else pendingBodies.push(readBody(request).then(finish));
  };

  const onNoMatch = (request: Request): void => {
    if (LOOPBACK.test(new URL(request.url).host)) return;
    record(request, undefined, false);
  };

  const scope = (origin: string): Scope => {
    const s = nock(origin);
    // nock hands over the fetch Request and the body it already read.
    s.on("request", (request: Request, _interceptor: unknown, body: string) => record(request, body, true));
    return s;
  };

  return {
    github: () => scope(GITHUB_API),
    anthropic: () => scope(ANTHROPIC_API),
    scope,
    requests,
    find(method, path) {
      return requests.filter((r) => {
        if (r.method !== method.toUpperCase()) return false;
        const p = r.path.split("?")[0] ?? "";
        return typeof path === "string" ? p === path : path.test(p);
      });
    },
    start() {
      if (!nock.isActive()) nock.activate();
      nock.disableNetConnect();
      nock.enableNetConnect(LOOPBACK);
      nock.emitter.on("no match", onNoMatch);
    },
    async verify() {
      await Promise.all(pendingBodies);
      const toGitHub = checkOpenApi && requests.some((r) => r.origin === GITHUB_API);
      // Loaded here, not at import: only a test that talked to GitHub pays for the description.
      const check = toGitHub ? (await import("./openapi.js")).checkGitHubRequest : undefined;
      const problems = requests.flatMap((r) => [
        ...(r.matched ? [] : [`unmatched request: ${r.method} ${r.url}${describeBody(bodyTexts.get(r))}`]),
        ...(check && r.origin === GITHUB_API ? check(r).map((p) => `${r.method} ${r.path}: ${p}`) : []),
      ]);
      const all = [...problems, ...nock.pendingMocks().map((m) => `declared but never requested: ${m}`)];
      if (all.length > 0) throw new Error(`strict HTTP mock:\n  - ${all.join("\n  - ")}`);
    },
    stop() {
      nock.emitter.removeListener("no match", onNoMatch);
      nock.abortPendingRequests();
      nock.cleanAll();
      nock.enableNetConnect();
      requests.length = 0;
      bodyTexts.clear();
      pendingBodies.length = 0;
    },
  };
}

/**
 * Registers `beforeEach(start)` and `afterEach(verify, then stop)` in the calling test file or
 * `describe` block, and returns the mock to declare requests on.
 */
export function setupStrictHttp(options: StrictHttpOptions = {}): StrictHttp {
  const http = createStrictHttp(options);
  beforeEach(() => http.start());
  afterEach(async () => {
    try {
      await http.verify();
    } finally {
      http.stop();
    }
  });
  return http;
}

async function readBody(request: Request): Promise<string | undefined> {
  try {
    return await request.clone().text();
  } catch {
    return undefined; // body already consumed elsewhere; the URL is still recorded
  }
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeBody(text: string | undefined): string {
  if (!text) return "";
  return ` with body ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}
