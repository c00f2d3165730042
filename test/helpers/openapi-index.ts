/**
 * A compact index of GitHub's REST OpenAPI description (`@octokit/openapi`), built once and cached on disk.
 *
 * The full description is 13 MB and takes ~200 ms to read and parse; every vitest worker (and, with
 * isolation, every test file) would pay that. The index keeps only what request checking needs —
 * per operation its id, method, path template, parameters (with `$ref`s resolved) and JSON request body
 * schema, plus the component schemas those reach — already converted from OpenAPI 3.0 to JSON Schema
 * draft-07 (`nullable` → `null` in the type, `#/components/schemas/x` → `gh:x`, each definition its own
 * schema so that ajv is handed only the few a request needs). It is
 * written to `node_modules/.cache/conductor/` keyed by the package version, atomically (rename), so
 * parallel workers may race to build it without harm.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export interface IndexedParameter {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
}

export interface IndexedOperation {
  id: string;
  method: string;
  path: string;
  parameters: IndexedParameter[];
  /** Present when the operation takes a request body. `schema` only when it is JSON. */
  body?: { required: boolean; schema?: unknown };
}

export interface OpenApiIndex {
  version: string;
  operations: IndexedOperation[];
  /** Component schemas reachable from the operations, keyed by name, referenced as `gh:<name>`. */
  definitions: Record<string, unknown>;
}

const FORMAT = 2; // bump when the index layout or the conversion changes
const require = createRequire(import.meta.url);
const SPEC_PATH = require.resolve("@octokit/openapi/generated/api.github.com.json");
const METHODS = ["get", "put", "post", "patch", "delete", "head", "options"];

let cached: OpenApiIndex | undefined;

/** Returns the index, from memory, from the disk cache, or built from the spec (in that order). */
export function loadOpenApiIndex(): OpenApiIndex {
  if (cached) return cached;
  const { version } = require("@octokit/openapi/package.json") as { version: string };
  const dir = join(SPEC_PATH.slice(0, SPEC_PATH.lastIndexOf("node_modules") + 12), ".cache", "conductor");
  const cacheFile = join(dir, `openapi-index-${version}-v${FORMAT}.json`);
  try {
    cached = JSON.parse(readFileSync(cacheFile, "utf8")) as OpenApiIndex;
    return cached;
  } catch {
    // not built yet (or unreadable): build it below
  }
  cached = buildIndex(JSON.parse(readFileSync(SPEC_PATH, "utf8")) as Spec, version);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, JSON.stringify(cached));
    renameSync(tmp, cacheFile);
  } catch {
    // a read-only node_modules only costs speed
  }
  return cached;
}

type Json = Record<string, unknown>;
interface Spec {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; parameters: Record<string, Json> };
}

/** Builds the index from the parsed description (exported for the self-test). */
export function buildIndex(spec: Spec, version: string): OpenApiIndex {
  const reached = new Set<string>();
  const operations: IndexedOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters as Json[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...shared, ...((op.parameters as Json[] | undefined) ?? [])].map((p) =>
        resolveParameter(spec, p),
      );
      const entry: IndexedOperation = {
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        parameters: params.map((p) => ({
          name: String(p.name),
          in: String(p.in),
          required: p.required === true,
          schema: convert(p.schema ?? {}, reached),
        })),
      };
      const body = op.requestBody as Json | undefined;
      if (body) {
        const json = (body.content as Record<string, Json> | undefined)?.["application/json"];
        entry.body = { required: body.required === true };
        if (json?.schema) entry.body.schema = convert(json.schema, reached);
      }
      operations.push(entry);
    }
  }
  const definitions: Record<string, unknown> = {};
  const queue = [...reached];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (name in definitions) continue;
    const before = new Set(reached);
    definitions[name] = convert(spec.components.schemas[name] ?? {}, reached);
    for (const n of reached) if (!before.has(n)) queue.push(n);
  }
  return { version, operations, definitions };
}

function resolveParameter(spec: Spec, p: Json): Json {
  const ref = p.$ref;
  if (typeof ref !== "string") return p;
  const name = ref.replace("#/components/parameters/", "");
  const resolved = spec.components.parameters[name];
  if (!resolved) throw new Error(`unresolvable parameter ${ref}`);
  return resolved;
}

const DROP = new Set(["example", "examples", "discriminator", "xml", "externalDocs", "deprecated", "description"]);

/** OpenAPI 3.0 schema object → JSON Schema draft-07, collecting the component names it references. */
function convert(node: unknown, reached: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, reached));
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (DROP.has(k) || k.startsWith("x-") || k === "nullable") continue;
    if (k === "$ref" && typeof v === "string") {
      const name = v.replace("#/components/schemas/", "");
      reached.add(name);
      out.$ref = `gh:${name}`;
    } else if (k === "properties" && v && typeof v === "object") {
      // property names are not keywords: convert each value, keep every key
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([n, s]) => [n, convert(s, reached)]));
    } else {
      out[k] = convert(v, reached);
    }
  }
  if ((node as Json).nullable !== true) return out;
  if (typeof out.type === "string" && out.enum === undefined && out.$ref === undefined) {
    return { ...out, type: [out.type, "null"] };
  }
  return { anyOf: [out, { type: "null" }] };
}
