/**
 * Checks a request against GitHub's REST OpenAPI description, the way GitHub would: the operation must
 * exist for the method and path, required parameters must be there and well typed, and the JSON body must
 * satisfy the operation's request body schema. Used by the strict HTTP mock on every request to
 * api.github.com, and usable on its own (e.g. by an in-process GitHub).
 *
 * Also flags what GitHub silently ignores but is almost always a bug in our code: a body field or a query
 * parameter the operation does not define (a typo such as `forse: false` would otherwise pass).
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { type IndexedOperation, loadOpenApiIndex } from "./openapi-index.js";

/** A request as sent: `url` is absolute or a path (with query), `body` already JSON-parsed. */
export interface GitHubRequest {
  method: string;
  url: string;
  body?: unknown;
}

interface Compiled {
  params: ValidateFunction;
  query: Set<string>;
  body?: ValidateFunction;
  /** Top-level body fields the schema defines, when it is a plain object schema. */
  bodyFields?: Set<string>;
}

interface Route {
  op: IndexedOperation;
  segments: string[];
}

// ajv-formats is CJS with `exports.default`; under nodenext the default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let routes: Map<string, Route[]> | undefined;
let ajvBody: Ajv | undefined;
let ajvParams: Ajv | undefined;
const compiled = new Map<string, Compiled>();
const addedRefs = new WeakMap<Ajv, Set<string>>();

/** Returns every problem GitHub would have with this request; an empty list means it is acceptable. */
export function checkGitHubRequest(request: GitHubRequest): string[] {
  const url = new URL(request.url, "https://api.github.com");
  const method = request.method.toUpperCase();
  if (method === "POST" && url.pathname === "/graphql") return checkGraphQL(request.body);
  const found = findGitHubOperation(method, url.pathname);
  if (!found) return [`no GitHub operation for ${method} ${url.pathname}`];
  const { op, pathParams } = found;
  const c = compile(op);
  const problems: string[] = [];
  const params: Record<string, unknown> = { ...pathParams };
  for (const [k, v] of url.searchParams) {
    params[k] = v;
    if (!c.query.has(k)) problems.push(`query parameter "${k}" is not defined`);
  }
  if (!c.params(params)) problems.push(...formatErrors(c.params, "parameter"));
  const hasBody = request.body !== undefined && !isEmptyObject(request.body);
  if (!op.body) {
    if (hasBody && method !== "GET") problems.push("the operation takes no request body");
  } else if (request.body === undefined) {
    if (op.body.required) problems.push("request body is required");
  } else if (c.body && !c.body(request.body)) {
    problems.push(...formatErrors(c.body, "body"));
  }
  if (c.bodyFields && isObject(request.body)) {
    for (const k of Object.keys(request.body)) {
      if (!c.bodyFields.has(k)) problems.push(`body field "${k}" is not defined (GitHub ignores it)`);
    }
  }
  return problems.map((p) => `${op.id}: ${p}`);
}

/** Finds the operation for a method and a (percent-encoded) path; literal segments win over parameters. */
export function findGitHubOperation(
  method: string,
  pathname: string,
): { op: IndexedOperation; pathParams: Record<string, string> } | undefined {
  const segments = pathname.split("/").slice(1).map(safeDecode);
  let best: { op: IndexedOperation; pathParams: Record<string, string>; score: number } | undefined;
  for (const route of getRoutes().get(method.toUpperCase()) ?? []) {
    const m = matchRoute(route.segments, segments);
    if (m && (!best || m.score > best.score)) best = { op: route.op, pathParams: m.params, score: m.score };
  }
  return best && { op: best.op, pathParams: best.pathParams };
}

function matchRoute(template: string[], actual: string[]): { params: Record<string, string>; score: number } | null {
  // A trailing parameter may absorb several segments (`contents/{path}` written unencoded).
  if (actual.length < template.length) return null;
  const greedy = actual.length > template.length;
  const params: Record<string, string> = {};
  let score = greedy ? 0 : 1000;
  for (const [i, t] of template.entries()) {
    const isParam = t.startsWith("{") && t.endsWith("}");
    const last = i === template.length - 1;
    if (greedy && last && !isParam) return null;
    const value = greedy && last ? actual.slice(i).join("/") : (actual[i] ?? "");
    if (isParam) {
      if (value === "") return null;
      params[t.slice(1, -1)] = value;
    } else if (t === value) {
      score += 1;
    } else {
      return null;
    }
  }
  return { params, score };
}

function getRoutes(): Map<string, Route[]> {
  if (routes) return routes;
  routes = new Map();
  for (const op of loadOpenApiIndex().operations) {
    const list = routes.get(op.method) ?? [];
    list.push({ op, segments: op.path.split("/").slice(1) });
    routes.set(op.method, list);
  }
  return routes;
}

function newAjv(coerceTypes: boolean): Ajv {
  // strict: false — the description uses keywords (readOnly, formats like "repo.nwo") ajv does not know.
  // validateSchema: false — checking the description against the meta-schema costs ~50 ms per worker and
  // finds nothing: the description is GitHub's, already valid.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false, coerceTypes });
  addFormats(ajv);
  return ajv;
}

/**
 * Adds to `ajv` the component schemas `schema` reaches (transitively) that it does not have yet. Adding
 * all ~1,000 at once costs ~60 ms per ajv instance; a typical request needs none or a handful.
 */
function addDefinitions(ajv: Ajv, schema: unknown): void {
  const { definitions } = loadOpenApiIndex();
  const added = addedRefs.get(ajv) ?? new Set<string>();
  addedRefs.set(ajv, added);
  const stack = [schema];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (Array.isArray(node)) stack.push(...node);
    else if (isObject(node)) {
      const ref = node.$ref;
      if (typeof ref === "string" && ref.startsWith("gh:") && !added.has(ref)) {
        added.add(ref);
        const def = definitions[ref.slice(3)] ?? {};
        ajv.addSchema(def as object, ref);
        stack.push(def);
      }
      stack.push(...Object.values(node));
    }
  }
}

function compile(op: IndexedOperation): Compiled {
  const hit = compiled.get(op.id);
  if (hit) return hit;
  ajvParams ??= newAjv(true);
  const params = op.parameters.filter((p) => p.in === "path" || p.in === "query");
  const paramSchema = {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
  addDefinitions(ajvParams, paramSchema);
  const c: Compiled = {
    params: ajvParams.compile(paramSchema),
    query: new Set(params.filter((p) => p.in === "query").map((p) => p.name)),
  };
  const schema = op.body?.schema;
  if (schema !== undefined) {
    ajvBody ??= newAjv(false);
    addDefinitions(ajvBody, schema);
    c.body = ajvBody.compile(schema as object);
    if (isObject(schema) && isObject(schema.properties) && schema.additionalProperties === undefined) {
      const combinators = ["oneOf", "anyOf", "allOf"].some((k) => k in schema);
      if (!combinators) c.bodyFields = new Set(Object.keys(schema.properties));
    }
  }
  compiled.set(op.id, c);
  return c;
}

function checkGraphQL(body: unknown): string[] {
  if (!isObject(body) || typeof body.query !== "string")
    return ["graphql: body must be an object with a `query` string"];
  if (body.variables !== undefined && !isObject(body.variables)) return ["graphql: `variables` must be an object"];
  return [];
}

function formatErrors(validate: ValidateFunction, what: string): string[] {
  return (validate.errors ?? []).map((e) => {
    const extra = e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : "";
    const allowed = e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
    return `${what}${e.instancePath || ""} ${e.message ?? e.keyword}${allowed}${extra}`;
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isEmptyObject(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length === 0;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
