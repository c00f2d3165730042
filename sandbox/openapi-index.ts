/**
 * A compact index of GitHub's REST OpenAPI description (`@octokit/openapi`): what checking requests
 * (and, when asked, responses) needs, already converted from OpenAPI 3.0 to JSON Schema draft-07 —
 * `nullable` becomes `null` in the type, `#/components/schemas/x` becomes `gh:x`, and each component
 * schema stands on its own so a checker hands ajv only the few one request reaches (adding all ~1,000
 * costs ~60 ms per ajv instance).
 */

/** A JSON object of the description. */
export type Json = Record<string, unknown>;

/** Whether a value is a JSON object (not an array). */
export const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A path or query parameter (header and cookie parameters are kept too, and ignored by the checker). */
export interface IndexedParameter {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
}

/** One operation of the description. */
export interface IndexedOperation {
  id: string;
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}`. */
  path: string;
  parameters: IndexedParameter[];
  /** Present when the operation takes a request body; `schema` only when it takes JSON. */
  body?: { required: boolean; schema?: unknown };
  /** With `responses`: per documented status, its JSON schema, or null when it answers no JSON. */
  responses?: Record<string, unknown>;
}

/** The whole index: operations, and the component schemas they reach, referenced as `gh:<name>`. */
export interface OpenApiIndex {
  version: string;
  operations: IndexedOperation[];
  definitions: Record<string, unknown>;
}

const METHODS = ["get", "put", "post", "patch", "delete", "head"] as const;

/** Builds the index from the parsed description; `responses` adds the response schemas (twice the size). */
export function buildOpenApiIndex(spec: Json, version: string, options: { responses?: boolean } = {}): OpenApiIndex {
  const reached = new Set<string>();
  const components = isRecord(spec.components) ? spec.components : {};
  const group = (name: string) => (isRecord(components[name]) ? components[name] : {});
  const resolve = (node: unknown, kind: string): Json => {
    const ref = isRecord(node) && typeof node.$ref === "string" ? node.$ref : undefined;
    if (!ref) return isRecord(node) ? node : {};
    const target = group(kind)[ref.replace(`#/components/${kind}/`, "")];
    if (!isRecord(target)) throw new Error(`unresolvable ${ref} in the REST description`);
    return target;
  };
  const jsonSchema = (node: Json) => {
    const content = isRecord(node.content) ? node.content["application/json"] : undefined;
    return isRecord(content) && content.schema !== undefined ? convert(content.schema, reached) : undefined;
  };
  const operations: IndexedOperation[] = [];
  for (const [path, item] of Object.entries(isRecord(spec.paths) ? spec.paths : {})) {
    if (!isRecord(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op) || typeof op.operationId !== "string") continue;
      const own = Array.isArray(op.parameters) ? op.parameters : [];
      const entry: IndexedOperation = {
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        parameters: [...shared, ...own].map((raw) => {
          const p = resolve(raw, "parameters");
          const schema = convert(p.schema ?? {}, reached);
          return { name: String(p.name), in: String(p.in), required: p.required === true, schema };
        }),
      };
      if (isRecord(op.requestBody)) {
        const schema = jsonSchema(op.requestBody);
        entry.body = { required: op.requestBody.required === true, ...(schema === undefined ? {} : { schema }) };
      }
      if (options.responses && isRecord(op.responses)) {
        const responses = Object.entries(op.responses).map(([status, r]) => [
          status,
          jsonSchema(resolve(r, "responses")) ?? null,
        ]);
        entry.responses = Object.fromEntries(responses);
      }
      operations.push(entry);
    }
  }
  const schemas = group("schemas");
  const definitions: Record<string, unknown> = {};
  const queue = [...reached];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (name in definitions) continue;
    const found = new Set<string>();
    definitions[name] = convert(schemas[name] ?? {}, found);
    queue.push(...found);
  }
  return { version, operations, definitions };
}

/** The top-level fields a plain object schema (or the component it names) defines; undefined otherwise. */
export function definedFields(index: OpenApiIndex, schema: unknown): Set<string> | undefined {
  const ref = isRecord(schema) && typeof schema.$ref === "string" ? schema.$ref : undefined;
  const resolved = ref?.startsWith("gh:") ? index.definitions[ref.slice(3)] : schema;
  if (!isRecord(resolved) || !isRecord(resolved.properties) || resolved.additionalProperties !== undefined) {
    return undefined;
  }
  if (["oneOf", "anyOf", "allOf"].some((k) => k in resolved)) return undefined;
  return new Set(Object.keys(resolved.properties));
}

// Documentation and OpenAPI-only keywords: dropped (but kept as property names under `properties`).
const DROP = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "discriminator",
  "xml",
  "deprecated",
  "nullable",
]);

/** OpenAPI 3.0 schema object → JSON Schema draft-07, collecting the component names it references. */
function convert(node: unknown, reached: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, reached));
  if (!isRecord(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROP.has(key) || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") {
      const name = value.replace("#/components/schemas/", "");
      reached.add(name);
      out.$ref = `gh:${name}`;
    } else if (key === "properties" && isRecord(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([n, s]) => [n, convert(s, reached)]));
    } else {
      out[key] = convert(value, reached);
    }
  }
  if (node.nullable !== true) return out;
  // ajv's own `nullable` needs `type` beside it and an `enum` that lists null: say it in JSON Schema instead.
  if (typeof out.type === "string" && out.enum === undefined && out.$ref === undefined) {
    return { ...out, type: [out.type, "null"] };
  }
  return { anyOf: [out, { type: "null" }] };
}
