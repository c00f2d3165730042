import { createHash } from "node:crypto";
import type { Accounting } from "./accounting.js";
import { authenticate } from "./auth.js";
import type { SandboxContext } from "./context.js";
import { type Fault, type Faults, faultResponse } from "./faults.js";
import { checkGraphqlEnvelope } from "./graphql.js";
import { HttpError, type Route, type RouteRequest, type RouteResponse } from "./http.js";
import type { Lock } from "./lock.js";
import type { OpenApiChecker } from "./openapi-check.js";
import { bestMatch } from "./path-match.js";
import { type ContentLimiter, type RateLimiter, rateLimitHeaders } from "./rate-limit.js";

/** A request the OpenAPI description rejects: the tests assert there are none. */
export interface ContractViolation {
  method: string;
  url: string;
  operationId?: string;
  problems: string[];
  body?: unknown;
}

/** A response of the sandbox itself that breaks the description (a sandbox bug, asserted in tests). */
export interface ResponseProblem {
  operationId: string;
  status: number;
  problems: string[];
}

/** What the router needs besides the routes. */
export interface RouterDeps {
  ctx: SandboxContext;
  routes: readonly Route[];
  graphql: (ctx: SandboxContext, req: RouteRequest) => Promise<RouteResponse>;
  checker: OpenApiChecker | undefined;
  checkResponses: boolean;
  faults: Faults;
  accounting: Accounting;
  rateLimiter: RateLimiter;
  /** Secondary limits on content creation, when the sandbox enforces them. */
  contentLimiter: ContentLimiter | undefined;
  violations: ContractViolation[];
  responseProblems: ResponseProblem[];
  /** Errors thrown by handlers that are not HTTP answers: sandbox bugs. */
  internalErrors: Error[];
  /** Shared with the sandbox's control methods so they never interleave with a request. */
  lock: Lock;
}

const isMutation = (req: { method: string; route: string; body: unknown }) =>
  req.route === "/graphql"
    ? typeof req.body === "object" && req.body !== null && /^\s*mutation\b/.test(String(Reflect.get(req.body, "query")))
    : req.method !== "GET" && req.method !== "HEAD";

function toResponse(res: RouteResponse, extra: Record<string, string>): Response {
  const headers = new Headers({ ...extra, ...res.headers });
  if (res.status === 204 || res.status === 304) return new Response(null, { status: res.status, headers });
  if (res.text !== undefined) {
    headers.set("content-type", "text/plain; charset=utf-8");
    return new Response(res.text, { status: res.status, headers });
  }
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(res.body ?? null), { status: res.status, headers });
}

/** Builds the `fetch` function Octokit is given as `request.fetch`. */
export function createRouter(deps: RouterDeps): typeof fetch {
  const { ctx } = deps;
  const compiled = deps.routes.map((r) => ({ ...r, segments: r.template.split("/") }));
  const { lock } = deps;
  let requestCount = 0;

  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const text = await request.text();
    const started = performance.now();
    requestCount += 1;
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const isGraphql = url.pathname === "/graphql" && method === "POST";
    const found = isGraphql
      ? undefined
      : bestMatch(
          compiled.filter((r) => r.method === method),
          url.pathname,
        );
    const routeName = isGraphql ? "/graphql" : (found?.target.template ?? url.pathname);
    const mutating = isMutation({ method, route: routeName, body });
    let fault: Fault | undefined;
    const answer = async (): Promise<RouteResponse> => {
      const auth = authenticate(ctx, request.headers.get("authorization"));
      if (!isGraphql && !found) return { status: 404, body: new HttpError(404, "Not Found").body() };
      // App endpoints take the app's JWT and nothing else; everything else refuses it.
      const appRoute = routeName.startsWith("/app") || routeName === "/repos/{owner}/{repo}/installation";
      if (auth.jwt !== appRoute) {
        throw new HttpError(401, auth.jwt ? "Bad credentials" : "A JSON web token could not be decoded");
      }
      const params = found?.params ?? {};
      if ("owner" in params && "repo" in params) {
        const same = (a = "", b = "") => a.toLowerCase() === b.toLowerCase();
        if (!same(params.owner, ctx.owner) || !same(params.repo, ctx.name)) throw new HttpError(404, "Not Found");
      }
      const check = isGraphql ? checkGraphqlEnvelope(body) : deps.checker?.checkRequest({ method, url, body });
      if (check && check.problems.length > 0) {
        deps.violations.push({
          method,
          url: url.toString(),
          operationId: check.operation?.operationId,
          problems: check.problems,
          body,
        });
        return {
          status: 422,
          body: { message: `Invalid request.\n\n${check.problems.join("\n")}`, errors: check.problems, status: "422" },
        };
      }
      await deps.faults.delay(method, routeName);
      fault = deps.faults.decide(method, routeName);
      if (fault && !fault.after) return faultResponse(fault);
      const limited = deps.rateLimiter.take(ctx.now()) ?? (mutating ? deps.contentLimiter?.take(ctx.now()) : undefined);
      if (limited) return limited;
      const req: RouteRequest = {
        method,
        route: routeName,
        params,
        url,
        query: url.searchParams,
        body,
        headers: request.headers,
        actor: auth.actor,
      };
      const handler = found?.target.handler;
      const res = await lock(async () => (handler ? handler(ctx, req) : deps.graphql(ctx, req)));
      const operationId = check ? check.operation?.operationId : undefined;
      if (deps.checkResponses && deps.checker && operationId && res.body !== undefined) {
        const problems = deps.checker.checkResponse(operationId, res.status, res.body);
        if (problems.length > 0) deps.responseProblems.push({ operationId, status: res.status, problems });
      }
      return fault?.after ? faultResponse(fault) : res;
    };

    let res: RouteResponse;
    try {
      res = await answer();
    } catch (error) {
      if (error instanceof HttpError)
        res = { status: error.status, body: error.body(), ...(error.headers ? { headers: error.headers } : {}) };
      else {
        deps.internalErrors.push(error instanceof Error ? error : new Error(String(error)));
        res = { status: 500, body: { message: `sandbox error: ${String(error)}`, status: "500" } };
      }
    }
    const headers: Record<string, string> = {
      ...rateLimitHeaders(deps.rateLimiter, ctx.now()),
      "x-github-request-id": `SANDBOX:${requestCount}`,
      "x-github-api-version-selected": "2022-11-28",
    };
    if (method === "GET" && res.status === 200) {
      const etag = `W/"${createHash("sha1")
        .update(res.text ?? JSON.stringify(res.body ?? null))
        .digest("hex")}"`;
      headers.etag = etag;
      const match = request.headers.get("if-none-match");
      if (match?.split(/\s*,\s*/).some((tag) => tag.replace(/^W\//, "") === etag.slice(2) || tag === "*")) {
        res = { status: 304 };
        deps.rateLimiter.refund();
      }
    }
    deps.accounting.record(
      { method, route: routeName, status: res.status, mutating, start: started, end: performance.now() },
      fault !== undefined,
    );
    return toResponse(res, headers);
  };
}
