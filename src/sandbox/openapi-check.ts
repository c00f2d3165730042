import type { ValidateFunction } from "ajv";
import { indexOperations } from "./openapi-index.js";
import {
  checkScalar,
  isRecord,
  type Json,
  loadRequestSpec,
  normalizeNullable,
  readSpec,
  resolveRef,
} from "./openapi-spec.js";
import { bestMatch } from "./path-match.js";

/** A request matched to an operation of GitHub's REST description. */
export interface OperationMatch {
  operationId: string;
  method: string;
  /** The OpenAPI path template, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}`. */
  template: string;
  /** Path parameters, URL-decoded. */
  params: Record<string, string>;
}

/** What the checker found about one request. */
export interface RequestCheckResult {
  operation?: OperationMatch;
  /** Human-readable contract violations; empty when the request is valid. */
  problems: string[];
}

/**
 * Validates requests (and responses) against `@octokit/openapi`'s api.github.com description: the
 * operation must exist, parameters be present and well typed, the JSON body satisfy the schema; and,
 * like test/helpers/openapi.ts, a query parameter or top-level body field the operation does not
 * define is reported (GitHub ignores it silently, so it is almost always a typo).
 */
export interface OpenApiChecker {
  /** Finds the operation for a method and a raw (still URL-encoded) path. */
  match(method: string, pathname: string): OperationMatch | undefined;
  /** Checks method + path, path and query parameters, and the JSON body. */
  checkRequest(request: { method: string; url: string | URL; body?: unknown }): RequestCheckResult;
  /** Checks a JSON response body against the operation's schema for that status (if it has one). */
  checkResponse(operationId: string, status: number, body: unknown): string[];
}

/**
 * Builds a checker from a parsed description (the `@octokit/openapi` JSON); it normalizes `nullable`
 * in place (a no-op on an already normalized copy).
 */
export async function createOpenApiChecker(spec: Json): Promise<OpenApiChecker> {
  const { Ajv } = await import("ajv");
  // ajv-formats is CommonJS: its `default` export sits on module.exports.default.
  const addFormats = (await import("ajv-formats")).default.default;
  normalizeNullable(spec);
  // strict: false, because the description uses keywords ajv does not know (`example`, `x-github`).
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(spec, "openapi.json");
  const byMethod = indexOperations(spec);
  const byId = new Map([...byMethod.values()].flat().map((o) => [o.operationId, o]));
  const compiled = new Map<string, ValidateFunction>();
  const validator = (ref: string) => {
    const fn = compiled.get(ref) ?? ajv.compile({ $ref: ref });
    compiled.set(ref, fn);
    return fn;
  };
  const errorsOf = (fn: ValidateFunction, label: string) =>
    (fn.errors ?? []).map((e) => {
      const allowed = e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
      return `${label}${e.instancePath || ""} ${e.message ?? "is invalid"}${allowed}`;
    });
  const find = (method: string, pathname: string) => {
    const found = bestMatch(byMethod.get(method.toUpperCase()) ?? [], pathname);
    return found && { op: found.target, params: found.params };
  };

  return {
    match(method, pathname) {
      const found = find(method, pathname);
      if (!found) return undefined;
      return {
        operationId: found.op.operationId,
        method: method.toUpperCase(),
        template: found.op.template,
        params: found.params,
      };
    },
    checkRequest({ method, url, body }) {
      const parsed = new URL(url, "https://api.github.com");
      const found = find(method, parsed.pathname);
      if (!found)
        return { problems: [`no operation ${method.toUpperCase()} ${parsed.pathname} in the REST description`] };
      const { op, params } = found;
      const operation = { operationId: op.operationId, method: op.method, template: op.template, params };
      const problems: string[] = [];
      const query = new Set(op.parameters.filter((p) => p.in === "query").map((p) => String(p.name)));
      for (const key of new Set(parsed.searchParams.keys())) {
        if (!query.has(key)) problems.push(`query parameter "${key}" is not defined`);
      }
      for (const p of op.parameters) {
        if (p.in !== "path" && p.in !== "query") continue;
        const value = p.in === "path" ? params[String(p.name)] : parsed.searchParams.get(String(p.name));
        if (value === undefined || value === null) {
          if (p.required === true) problems.push(`missing required ${p.in} parameter ${String(p.name)}`);
          continue;
        }
        const problem = checkScalar(String(p.name), value, p.schema);
        if (problem) problems.push(problem);
      }
      const requestBody = isRecord(op.op.requestBody) ? op.op.requestBody : undefined;
      const content = isRecord(requestBody?.content) ? requestBody.content : {};
      if (body === undefined) {
        if (requestBody?.required === true) problems.push("missing required request body");
      } else if (!requestBody) {
        if (method.toUpperCase() !== "GET" && !(isRecord(body) && Object.keys(body).length === 0)) {
          problems.push("the operation takes no request body");
        }
      } else if ("application/json" in content) {
        const fn = validator(`${op.pointer}/requestBody/content/application~1json/schema`);
        if (!fn(body)) problems.push(...errorsOf(fn, "body"));
        for (const key of isRecord(body) && op.bodyFields ? Object.keys(body) : []) {
          if (!op.bodyFields?.has(key)) problems.push(`body field "${key}" is not defined (GitHub ignores it)`);
        }
      }
      return { operation, problems };
    },
    checkResponse(operationId, status, body) {
      const op = byId.get(operationId);
      const responses = isRecord(op?.op.responses) ? op.op.responses : {};
      const response = responses[String(status)];
      if (!op || !isRecord(response)) return op ? [`status ${status} is not documented for ${operationId}`] : [];
      const ref = typeof response.$ref === "string" ? response.$ref : undefined;
      const target = ref ? resolveRef(spec, ref) : response;
      if (!isRecord(target?.content) || !("application/json" in target.content)) return [];
      const fn = validator(
        `${ref ? `openapi.json${ref}` : `${op.pointer}/responses/${status}`}/content/application~1json/schema`,
      );
      return fn(body) ? [] : errorsOf(fn, "response");
    },
  };
}

const shared = new Map<boolean, Promise<OpenApiChecker>>();

/**
 * Loads a checker for GitHub's REST description from `@octokit/openapi` (never the package index);
 * memoized per process. Without `responses` it uses a trimmed copy cached on disk (fast); with
 * `responses` it parses the full 13 MB file (~0.7 s) so `checkResponse` has the response schemas.
 */
export function loadOpenApiChecker(options: { responses?: boolean } = {}): Promise<OpenApiChecker> {
  const responses = options.responses ?? false;
  const known = shared.get(responses);
  if (known) return known;
  const loading = (responses ? readSpec("@octokit/openapi/generated/api.github.com.json") : loadRequestSpec()).then(
    createOpenApiChecker,
  );
  shared.set(responses, loading);
  return loading;
}
