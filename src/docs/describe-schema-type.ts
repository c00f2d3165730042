import type { JsonSchemaNode } from "./json-schema-node.js";
import { code } from "./markdown.js";

/**
 * The type of a configuration value in words, e.g. `positive integer`, `list of non-negative numbers (at
 * least 1)`, `` `auto` or `required` ``. `plural` names several of them, for the items of a list.
 */
export function describeSchemaType(node: JsonSchemaNode, plural = false): string {
  if (node.anyOf) return node.anyOf.map((choice) => describeSchemaType(choice, plural)).join(" or ");
  if (node.const !== undefined) return literal(node.const);
  if (node.enum) return choices(node.enum.map(literal));
  const s = plural ? "s" : "";
  switch (node.type) {
    case "boolean":
      return `boolean${s}`;
    case "string":
      return describeString(node, s);
    case "integer":
    case "number":
      return `${numberBound(node)}${node.type}${s}${otherBounds(node)}`;
    case "array": {
      const items = node.items ? describeSchemaType(node.items, true) : "values";
      const least = node.minItems !== undefined && node.minItems > 0 ? ` (at least ${node.minItems})` : "";
      return `list of ${items}${least}`;
    }
    case "object":
      return `mapping${s}`;
    default:
      return `value${s}`;
  }
}

/** `a` or `b`; one of `a`, `b`, `c`. */
function choices(options: readonly string[]): string {
  return options.length <= 2 ? options.join(" or ") : `one of ${options.join(", ")}`;
}

function literal(value: unknown): string {
  return code(typeof value === "string" ? value : JSON.stringify(value));
}

function describeString(node: JsonSchemaNode, s: string): string {
  if (node.format === "uri") return `URL${s}`;
  const base = node.minLength !== undefined && node.minLength > 0 ? `non-empty string${s}` : `string${s}`;
  return node.pattern === undefined ? base : `${base} matching ${code(node.pattern)}`;
}

function numberBound(node: JsonSchemaNode): string {
  if (node.exclusiveMinimum === 0) return "positive ";
  if (node.minimum === 0) return "non-negative ";
  return "";
}

// `maximum` is left out: zod writes `Number.MAX_SAFE_INTEGER` as the maximum of every `.int()`, which says nothing.
function otherBounds(node: JsonSchemaNode): string {
  const parts: string[] = [];
  if (node.exclusiveMinimum !== undefined && node.exclusiveMinimum !== 0) parts.push(`> ${node.exclusiveMinimum}`);
  if (node.minimum !== undefined && node.minimum !== 0) parts.push(`≥ ${node.minimum}`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}
