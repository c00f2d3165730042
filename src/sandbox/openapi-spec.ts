import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

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
