import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
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

/** Validates requests (and responses) against `@octokit/openapi`'s api.github.com description. */
export interface OpenApiChecker {
  /** Finds the operation for a method and a raw (still URL-encoded) path. */
  match(method: string, pathname: string): OperationMatch | undefined;
  /** Checks method + path, path and query parameters, and the JSON body. */
  checkRequest(request: { method: string; url: string | URL; body?: unknown }): RequestCheckResult;
  /** Checks a JSON response body against the operation's schema for that status (if it has one). */
  checkResponse(operationId: string, status: number, body: unknown): string[];
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const METHODS = ["get", "put", "post", "patch", "delete", "head"] as const;

interface Operation {
  operationId: string;
  method: string;
  template: string;
  segments: string[];
  pointer: string;
  op: Json;
  parameters: Json[];
}

const pointerEscape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * OpenAPI 3.0's `nullable` is not JSON Schema: ajv accepts it only next to `type`, and an `enum`
 * must list null itself. Rewrite the description once so ajv sees the intended meaning.
 */
function normalizeNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) normalizeNullable(item);
    return;
  }
  if (!isRecord(node)) return;
  for (const value of Object.values(node)) normalizeNullable(value);
  if (node.nullable !== true) return;
  if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
  if (!("type" in node)) {
    const inner: Json = { ...node };
    delete inner.nullable;
    for (const key of Object.keys(node)) delete node[key];
    node.anyOf = [inner, { type: "null" }];
  }
}

function checkScalar(name: string, value: string, schema: unknown): string | undefined {
  if (!isRecord(schema)) return undefined;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    return `parameter ${name}=${value} is not one of ${schema.enum.join(", ")}`;
  }
  if (schema.type === "integer" && !/^-?\d+$/.test(value)) return `parameter ${name}=${value} is not an integer`;
  if (schema.type === "number" && Number.isNaN(Number(value))) return `parameter ${name}=${value} is not a number`;
  if (schema.type === "boolean" && value !== "true" && value !== "false") {
    return `parameter ${name}=${value} is not a boolean`;
  }
  return undefined;
}

/** Builds a checker from a parsed description (the `@octokit/openapi` JSON). */
export async function createOpenApiChecker(spec: Json): Promise<OpenApiChecker> {
  const { Ajv } = await import("ajv");
  // ajv-formats is CommonJS: its `default` export sits on module.exports.default.
  const addFormats = (await import("ajv-formats")).default.default;
  normalizeNullable(spec);
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(spec, "openapi.json");
  const components = isRecord(spec.components) ? spec.components : {};
  const sharedParams = isRecord(components.parameters) ? components.parameters : {};
  const resolveParam = (p: unknown): Json | undefined => {
    if (!isRecord(p)) return undefined;
    if (typeof p.$ref === "string") return resolveParam(sharedParams[p.$ref.split("/").pop() ?? ""]);
    return p;
  };
  const byMethod = new Map<string, Operation[]>();
  for (const [template, item] of Object.entries(isRecord(spec.paths) ? spec.paths : {})) {
    if (!isRecord(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op) || typeof op.operationId !== "string") continue;
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])];
      const list = byMethod.get(method.toUpperCase()) ?? [];
      list.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        segments: template.split("/"),
        pointer: `openapi.json#/paths/${pointerEscape(template)}/${method}`,
        op,
        parameters: params.map(resolveParam).filter((p): p is Json => p !== undefined),
      });
      byMethod.set(method.toUpperCase(), list);
    }
  }
  const byId = new Map([...byMethod.values()].flat().map((o) => [o.operationId, o]));
  const compiled = new Map<string, ValidateFunction>();
  const validator = (ref: string) => {
    const known = compiled.get(ref);
    if (known) return known;
    const fn = ajv.compile({ $ref: ref });
    compiled.set(ref, fn);
    return fn;
  };
  const errorsOf = (fn: ValidateFunction, label: string) =>
    (fn.errors ?? []).map(
      (e) =>
        `${label}${e.instancePath || ""} ${e.message ?? "is invalid"}${e.params && "allowedValues" in e.params ? ` (${String(e.params.allowedValues)})` : ""}`,
    );

  const find = (method: string, pathname: string) => {
    const found = bestMatch(byMethod.get(method.toUpperCase()) ?? [], pathname);
    return found && { op: found.target, params: found.params };
  };

  return {
    match(method, pathname) {
      const found = find(method, pathname);
      if (!found) return undefined;
      const { operationId, template } = found.op;
      return { operationId, method: method.toUpperCase(), template, params: found.params };
    },
    checkRequest({ method, url, body }) {
      const parsed = new URL(url, "https://api.github.com");
      const found = find(method, parsed.pathname);
      if (!found)
        return { problems: [`no operation ${method.toUpperCase()} ${parsed.pathname} in the REST description`] };
      const { op, params } = found;
      const operation = { operationId: op.operationId, method: op.method, template: op.template, params };
      const problems: string[] = [];
      for (const p of op.parameters) {
        const name = String(p.name);
        const value = p.in === "path" ? params[name] : p.in === "query" ? parsed.searchParams.get(name) : undefined;
        if (p.in !== "path" && p.in !== "query") continue;
        if (value === undefined || value === null) {
          if (p.required === true) problems.push(`missing required ${p.in} parameter ${name}`);
          continue;
        }
        const problem = checkScalar(name, value, p.schema);
        if (problem) problems.push(problem);
      }
      const requestBody = isRecord(op.op.requestBody) ? op.op.requestBody : undefined;
      const content = isRecord(requestBody?.content) ? requestBody.content : {};
      if (body === undefined) {
        if (requestBody?.required === true) problems.push("missing required request body");
      } else if ("application/json" in content) {
        const fn = validator(`${op.pointer}/requestBody/content/application~1json/schema`);
        if (!fn(body)) problems.push(...errorsOf(fn, "body"));
      }
      return { operation, problems };
    },
    checkResponse(operationId, status, body) {
      const op = byId.get(operationId);
      const responses = isRecord(op?.op.responses) ? op.op.responses : {};
      const response = responses[String(status)];
      if (!op || !isRecord(response)) return op ? [`status ${status} is not documented for ${operationId}`] : [];
      const base =
        typeof response.$ref === "string" ? `openapi.json${response.$ref}` : `${op.pointer}/responses/${status}`;
      const target = typeof response.$ref === "string" ? resolveRef(spec, response.$ref) : response;
      const content = isRecord(target?.content) ? target.content : {};
      if (!("application/json" in content)) return [];
      const fn = validator(`${base}/content/application~1json/schema`);
      return fn(body) ? [] : errorsOf(fn, "response");
    },
  };
}

function resolveRef(root: Json, ref: string): Json | undefined {
  let node: unknown = root;
  for (const part of ref.replace(/^#\//, "").split("/")) node = isRecord(node) ? node[part] : undefined;
  return isRecord(node) ? node : undefined;
}

let shared: Promise<OpenApiChecker> | undefined;

/**
 * Loads the REST description from `@octokit/openapi` (the 13 MB file, never the package index) and
 * builds a checker; memoized, because parsing takes about half a second and every sandbox shares it.
 */
export function loadOpenApiChecker(): Promise<OpenApiChecker> {
  shared ??= (async () => {
    const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
    const spec: unknown = JSON.parse(await readFile(file, "utf8"));
    if (!isRecord(spec)) throw new Error(`${file} is not an OpenAPI description`);
    return createOpenApiChecker(spec);
  })();
  return shared;
}
