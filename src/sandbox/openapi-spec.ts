import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** A JSON object of the description. */
export type Json = Record<string, unknown>;

/** Whether a value is a JSON object (not an array). */
export const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Escapes a JSON-pointer segment. */
export const pointerEscape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * OpenAPI 3.0's `nullable` is not JSON Schema: ajv accepts it only next to `type`, and an `enum`
 * must list null itself. Rewrites the description once so ajv sees the intended meaning.
 */
export function normalizeNullable(node: unknown): void {
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

/** Checks a path or query value (always a string on the wire) against its parameter schema. */
export function checkScalar(name: string, value: string, schema: unknown): string | undefined {
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

/** Follows a local `$ref` (`#/components/...`). */
export function resolveRef(root: Json, ref: string): Json | undefined {
  let node: unknown = root;
  for (const part of ref.replace(/^#\//, "").split("/")) node = isRecord(node) ? node[part] : undefined;
  return isRecord(node) ? node : undefined;
}

/**
 * The top-level fields a plain object body schema defines, or undefined when the schema is a
 * combination or open: a field outside the set is one GitHub ignores, almost always a typo of ours.
 */
export function definedFields(root: Json, schema: unknown): Set<string> | undefined {
  const resolved = isRecord(schema) && typeof schema.$ref === "string" ? resolveRef(root, schema.$ref) : schema;
  if (!isRecord(resolved) || !isRecord(resolved.properties) || resolved.additionalProperties !== undefined)
    return undefined;
  if (["oneOf", "anyOf", "allOf"].some((k) => k in resolved)) return undefined;
  return new Set(Object.keys(resolved.properties));
}

/** Reads a JSON description shipped in a package, by its file path inside the package. */
export async function readSpec(specifier: string): Promise<Json> {
  const file = createRequire(import.meta.url).resolve(specifier);
  const spec: unknown = JSON.parse(await readFile(file, "utf8"));
  if (!isRecord(spec)) throw new Error(`${file} is not an OpenAPI description`);
  return spec;
}

// Documentation keywords: dropped from the cached copy (but kept as property names under `properties`).
const DOCS = new Set(["description", "summary", "title", "tags", "example", "examples", "externalDocs"]);

/** A copy without documentation and without responses: what request checking needs, a fifth of the size. */
function trimForRequests(node: unknown, parent = ""): unknown {
  if (Array.isArray(node)) return node.map((item) => trimForRequests(item));
  if (!isRecord(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (parent !== "properties" && (DOCS.has(key) || key.startsWith("x-"))) continue;
    if (key === "responses") continue;
    out[key] = trimForRequests(value, key);
  }
  return out;
}

/** Drops component schemas no path reaches any more (most of them only served responses). */
function keepReachableComponents(spec: Json): void {
  const components = isRecord(spec.components) ? spec.components : {};
  const reached = new Set<string>();
  const stack: unknown[] = [spec.paths];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (Array.isArray(node)) stack.push(...node);
    else if (isRecord(node)) {
      if (typeof node.$ref === "string" && !reached.has(node.$ref)) {
        reached.add(node.$ref);
        stack.push(resolveRef(spec, node.$ref));
      }
      stack.push(...Object.values(node));
    }
  }
  for (const [kind, group] of Object.entries(components)) {
    if (!isRecord(group)) continue;
    for (const name of Object.keys(group)) {
      if (!reached.has(`#/components/${kind}/${pointerEscape(name)}`)) delete group[name];
    }
  }
}

/**
 * The REST description for request checking: trimmed, `nullable` already normalized, and cached on
 * disk (`node_modules/.cache/conductor/`, keyed by the package version, written atomically), because
 * every test worker would otherwise parse 13 MB (~0.7 s) to check a handful of requests.
 */
export async function loadRequestSpec(): Promise<Json> {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("@octokit/openapi/package.json");
  const version: unknown = JSON.parse(await readFile(pkg, "utf8")).version;
  const modules = pkg.slice(0, pkg.lastIndexOf("node_modules") + "node_modules".length);
  const file = join(modules, ".cache", "conductor", `sandbox-openapi-requests-${String(version)}-v2.json`);
  const cached = await readFile(file, "utf8").then(
    (text): unknown => JSON.parse(text),
    () => undefined,
  );
  if (isRecord(cached)) return cached;
  const full = await readSpec("@octokit/openapi/generated/api.github.com.json");
  const trimmed = trimForRequests(full);
  if (!isRecord(trimmed)) throw new Error("the REST description is not an object");
  keepReachableComponents(trimmed);
  normalizeNullable(trimmed);
  try {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString("hex")}`;
    await writeFile(tmp, JSON.stringify(trimmed));
    await rename(tmp, file);
  } catch {
    // A read-only node_modules only costs the next process the same parse.
  }
  return trimmed;
}
