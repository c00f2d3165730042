import type { z } from "zod";
import { type Actor, roleOf, type SandboxContext } from "./context.js";
import type { Role } from "./state.js";

/** A request after routing: the template it matched, its decoded params and the caller. */
export interface RouteRequest {
  method: string;
  /** The OpenAPI path template (or `/graphql`). */
  route: string;
  params: Record<string, string>;
  url: URL;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
  actor: Actor;
}

/** What a handler answers; the router adds ETag, rate-limit and other headers. */
export interface RouteResponse {
  status: number;
  body?: unknown;
  /** A non-JSON body (logs). */
  text?: string;
  headers?: Record<string, string>;
}

/** A route handler. */
export type Handler = (ctx: SandboxContext, req: RouteRequest) => Promise<RouteResponse> | RouteResponse;

/** One route of the sandbox's REST surface. */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  template: string;
  handler: Handler;
}

/** Shorthand to declare a route. */
export function route(method: Route["method"], template: string, handler: Handler): Route {
  return { method, template, handler };
}

/** One entry of a 422's `errors` array. */
export interface FieldError {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
}

/** An HTTP error answered with GitHub's error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HttpError";
  }

  /** GitHub's `basic-error` / `validation-error` body. */
  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: "https://docs.github.com/rest",
      status: String(this.status),
    };
  }
}

/** Throws an HTTP error. */
export function fail(status: number, message: string, errors?: FieldError[]): never {
  throw new HttpError(status, message, errors);
}

/** Throws GitHub's 404. */
export function notFound(): never {
  return fail(404, "Not Found");
}

/** Throws GitHub's "Validation Failed" 422 with one error. */
export function invalid(error: FieldError): never {
  return fail(422, "Validation Failed", [error]);
}

/** A JSON response. */
export function json(status: number, body: unknown, headers?: Record<string, string>): RouteResponse {
  return headers ? { status, body, headers } : { status, body };
}

/** Parses a body with zod after the OpenAPI check; anything it rejects is a 422. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    resource: "Request",
    field: issue.path.join("."),
    code: "invalid",
    message: issue.message,
  }));
  return fail(422, "Invalid request.", errors);
}

/** A positive integer path parameter, or 404 (GitHub's answer to `/issues/abc`). */
export function intParam(req: RouteRequest, name: string): number {
  const value = Number(req.params[name]);
  return Number.isInteger(value) && value > 0 ? value : notFound();
}

/** A path parameter (present by construction of the route). */
export function param(req: RouteRequest, name: string): string {
  return req.params[name] ?? notFound();
}

/**
 * One page of a list plus GitHub's `Link` header (`per_page` defaults to 30, at most 100), so
 * Octokit's paginate walks it exactly as it walks GitHub.
 */
export function paginate<T>(req: RouteRequest, items: readonly T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(req.query.get("per_page") ?? 30) || 30, 1), 100);
  const page = Math.max(Number(req.query.get("page") ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const url = new URL(req.url);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(n));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return { items: slice, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

/** A JSON list response, paginated. */
export function listResponse<T>(req: RouteRequest, items: readonly T[]): RouteResponse {
  const { items: page, headers } = paginate(req, items);
  return json(200, page, headers);
}

const RANK: Record<Role, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/**
 * Refuses callers below `minimum`. The sandbox repository is private, so GitHub answers 404 to
 * accounts with no access and 403 to collaborators who lack the role; apps act with their
 * installation's permissions (write).
 */
export function requireRole(ctx: SandboxContext, req: RouteRequest, minimum: Exclude<Role, "none">): void {
  if (req.actor.app) return;
  const role = roleOf(ctx, req.actor.login);
  if (RANK[role] >= RANK[minimum]) return;
  if (role === "none") notFound();
  fail(403, `Must have ${minimum} access to this repository.`);
}
