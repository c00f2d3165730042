import type { Ajv, ValidateFunction } from "ajv";
import { definedFields, type IndexedOperation, isRecord, type OpenApiIndex } from "./openapi-index.js";
import { loadOpenApiIndex } from "./openapi-spec.js";
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
 * Validates requests (and responses) against `@octokit/openapi`'s api.github.com description, the way
 * GitHub would: the operation must exist for the method and path, path and query parameters be there and
 * well typed, the JSON body satisfy the schema. It also reports what GitHub silently ignores but is almost
 * always a bug of ours: a query parameter or top-level body field the operation does not define (a typo
 * such as `forse: false` would otherwise pass). Used by the sandbox's router and by the tests' strict
 * HTTP mock.
 */
export interface OpenApiChecker {
  /** Finds the operation for a method and a raw (still URL-encoded) path; literal segments win. */
  match(method: string, pathname: string): OperationMatch | undefined;
  /** Checks method + path, path and query parameters, and the JSON body (already parsed); GraphQL's envelope. */
  checkRequest(request: { method: string; url: string | URL; body?: unknown }): RequestCheckResult;
  /** Checks a JSON response body against the operation's schema for that status (needs `responses`). */
  checkResponse(operationId: string, status: number, body: unknown): string[];
}

interface Compiled {
  /** Path and query parameters together, with coercion: on the wire every value is a string. */
  params: ValidateFunction;
  query: Set<string>;
  body?: ValidateFunction;
  /** Top-level body fields, when the body is a plain object schema (not a combination, not open). */
  bodyFields?: Set<string>;
}

type AjvFactory = (coerceTypes: boolean) => Ajv;

/** Builds a checker over an index; `newAjv` makes a configured ajv (one coercing, one not, made lazily). */
export function createOpenApiChecker(index: OpenApiIndex, newAjv: AjvFactory): OpenApiChecker {
  const routes = new Map<string, { segments: string[]; op: IndexedOperation }[]>();
  for (const op of index.operations) {
    const list = routes.get(op.method) ?? [];
    list.push({ segments: op.path.split("/"), op });
    routes.set(op.method, list);
  }
  const byId = new Map(index.operations.map((op) => [op.id, op]));
  const ajvs = new Map<boolean, { ajv: Ajv; added: Set<string> }>();
  const compiled = new Map<string, Compiled>();
  const responses = new Map<string, ValidateFunction>();

  /** Compiles `schema` after handing ajv the component schemas it reaches that ajv does not have yet. */
  const validator = (schema: unknown, coerceTypes: boolean): ValidateFunction => {
    const slot = ajvs.get(coerceTypes) ?? { ajv: newAjv(coerceTypes), added: new Set<string>() };
    ajvs.set(coerceTypes, slot);
    const stack = [schema];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (Array.isArray(node)) stack.push(...node);
      else if (isRecord(node)) {
        const ref = node.$ref;
        if (typeof ref === "string" && ref.startsWith("gh:") && !slot.added.has(ref)) {
          slot.added.add(ref);
          const definition = index.definitions[ref.slice(3)] ?? {};
          slot.ajv.addSchema(isRecord(definition) ? definition : {}, ref);
          stack.push(definition);
        }
        stack.push(...Object.values(node));
      }
    }
    return slot.ajv.compile(isRecord(schema) ? schema : {});
  };

  const compile = (op: IndexedOperation): Compiled => {
    const known = compiled.get(op.id);
    if (known) return known;
    const params = op.parameters.filter((p) => p.in === "path" || p.in === "query");
    const c: Compiled = {
      params: validator(
        {
          type: "object",
          properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
          required: params.filter((p) => p.required).map((p) => p.name),
        },
        true,
      ),
      query: new Set(params.filter((p) => p.in === "query").map((p) => p.name)),
    };
    const schema = op.body?.schema;
    if (schema !== undefined) {
      c.body = validator(schema, false);
      const fields = definedFields(index, schema);
      if (fields) c.bodyFields = fields;
    }
    compiled.set(op.id, c);
    return c;
  };

  const find = (method: string, pathname: string) => {
    const found = bestMatch(routes.get(method.toUpperCase()) ?? [], pathname);
    return found && { op: found.target.op, params: found.params };
  };
  const toMatch = (op: IndexedOperation, params: Record<string, string>): OperationMatch => ({
    operationId: op.id,
    method: op.method,
    template: op.path,
    params,
  });

  return {
    match(method, pathname) {
      const found = find(method, pathname);
      return found && toMatch(found.op, found.params);
    },
    checkRequest({ method, url, body }) {
      const parsed = new URL(url, "https://api.github.com");
      const verb = method.toUpperCase();
      if (verb === "POST" && parsed.pathname === "/graphql") return checkGraphqlEnvelope(body);
      const found = find(verb, parsed.pathname);
      if (!found) return { problems: [`no GitHub operation for ${verb} ${parsed.pathname}`] };
      const { op } = found;
      const c = compile(op);
      const problems: string[] = [];
      for (const key of new Set(parsed.searchParams.keys())) {
        if (!c.query.has(key)) problems.push(`query parameter "${key}" is not defined`);
      }
      // A repeated query parameter: the last value wins, as in GitHub's (Rails') parameter parsing.
      const params: Record<string, unknown> = { ...Object.fromEntries(parsed.searchParams), ...found.params };
      if (!c.params(params)) problems.push(...errorsOf(c.params, "parameter"));
      if (!op.body) {
        const empty = body === undefined || (isRecord(body) && Object.keys(body).length === 0);
        if (!empty && verb !== "GET") problems.push("the operation takes no request body");
      } else if (body === undefined) {
        if (op.body.required) problems.push("request body is required");
      } else if (c.body && !c.body(body)) {
        problems.push(...errorsOf(c.body, "body"));
      }
      for (const key of c.bodyFields && isRecord(body) ? Object.keys(body) : []) {
        if (!c.bodyFields?.has(key)) problems.push(`body field "${key}" is not defined (GitHub ignores it)`);
      }
      return { operation: toMatch(op, found.params), problems };
    },
    checkResponse(operationId, status, body) {
      const documented = byId.get(operationId)?.responses;
      if (!documented) return []; // an unknown operation, or an index loaded without responses
      const schema = documented[String(status)];
      if (schema === undefined) return [`status ${status} is not documented for ${operationId}`];
      if (schema === null) return [];
      const key = `${operationId} ${status}`;
      const fn = responses.get(key) ?? validator(schema, false);
      responses.set(key, fn);
      return fn(body) ? [] : errorsOf(fn, "response");
    },
  };
}

/**
 * GraphQL's envelope, which the REST description does not cover: an object with a `query` string, and
 * `variables`, when present, an object. (sandbox/graphql.ts has the router's copy of this check.)
 */
export function checkGraphqlEnvelope(body: unknown): RequestCheckResult {
  const problems: string[] = [];
  if (!isRecord(body) || typeof body.query !== "string") {
    problems.push("graphql: body must be an object with a `query` string");
  }
  if (isRecord(body) && body.variables !== undefined && !isRecord(body.variables)) {
    problems.push("graphql: `variables` must be an object");
  }
  return { problems };
}

function errorsOf(fn: ValidateFunction, label: string): string[] {
  return (fn.errors ?? []).map((e) => {
    const allowed = e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
    const extra = e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : "";
    return `${label}${e.instancePath} ${e.message ?? e.keyword}${allowed}${extra}`;
  });
}

const shared = new Map<boolean, Promise<OpenApiChecker>>();

/**
 * Loads a checker for GitHub's REST description, memoized per process: the compact index from the disk
 * cache (built on first use); with `responses`, the larger index that `checkResponse` needs.
 */
export function loadOpenApiChecker(options: { responses?: boolean } = {}): Promise<OpenApiChecker> {
  const responses = options.responses ?? false;
  const known = shared.get(responses);
  if (known) return known;
  const loading = (async () => {
    const [index, { Ajv }, formats] = await Promise.all([
      loadOpenApiIndex({ responses }),
      import("ajv"),
      import("ajv-formats"),
    ]);
    // ajv-formats is CommonJS: its `default` export sits on module.exports.default.
    const addFormats = formats.default.default;
    return createOpenApiChecker(index, (coerceTypes) => {
      // strict: false — the description uses formats and keywords ajv does not know ("repo.nwo", readOnly).
      // validateSchema: false — checking GitHub's schemas against the meta-schema costs time and finds nothing.
      const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false, coerceTypes });
      addFormats(ajv);
      return ajv;
    });
  })();
  shared.set(responses, loading);
  return loading;
}
