import { describeSchemaType } from "./describe-schema-type.js";
import type { JsonSchemaNode } from "./json-schema-node.js";
import { code } from "./markdown.js";

/** One key of `.github/conductor.yml` as the reference lists it. */
export interface ConfigRow {
  /** Dotted key path, e.g. `gates.checks_timeout_minutes`. */
  readonly path: string;
  readonly type: string;
  /** The default as Markdown (inline code), or `null` when the key has none. */
  readonly default: string | null;
  readonly description: string;
}

/**
 * Every leaf key of the schema, depth first in the schema's own order. Sections (objects with properties)
 * are walked, not listed: their default is always `{}`, i.e. "the defaults of the keys inside".
 */
export function configRows(root: JsonSchemaNode, prefix = ""): ConfigRow[] {
  return Object.entries(root.properties ?? {}).flatMap(([key, node]) => {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (node.properties) return configRows(node, path);
    return [
      {
        path,
        type: describeSchemaType(node),
        default: node.default === undefined ? null : formatDefault(node.default),
        description: node.description ?? "",
      },
    ];
  });
}

/** `orchestrate`, `true`, `[1, 5, 15]`, `[".github/workflows/**", ".github/conductor.yml"]`, `[]`. */
export function formatDefault(value: unknown): string {
  if (typeof value === "string") return code(value);
  if (Array.isArray(value)) return code(`[${value.map((item) => JSON.stringify(item)).join(", ")}]`);
  return code(JSON.stringify(value));
}
