import { z } from "zod";

/**
 * The part of a JSON Schema (as `z.toJSONSchema` writes it) that the configuration reference reads. Parsed,
 * not cast, so a zod upgrade that changes the output's shape fails the docs test instead of printing `undefined`.
 */
export interface JsonSchemaNode {
  type?: string | undefined;
  description?: string | undefined;
  default?: unknown;
  enum?: unknown[] | undefined;
  const?: unknown;
  anyOf?: JsonSchemaNode[] | undefined;
  items?: JsonSchemaNode | undefined;
  properties?: Record<string, JsonSchemaNode> | undefined;
  minLength?: number | undefined;
  minimum?: number | undefined;
  exclusiveMinimum?: number | undefined;
  minItems?: number | undefined;
  pattern?: string | undefined;
  format?: string | undefined;
}

export const JsonSchemaNode: z.ZodType<JsonSchemaNode> = z.lazy(() =>
  z.object({
    type: z.string().optional(),
    description: z.string().optional(),
    default: z.unknown().optional(),
    enum: z.array(z.unknown()).optional(),
    const: z.unknown().optional(),
    anyOf: z.array(JsonSchemaNode).optional(),
    items: JsonSchemaNode.optional(),
    properties: z.record(z.string(), JsonSchemaNode).optional(),
    minLength: z.number().optional(),
    minimum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    minItems: z.number().optional(),
    pattern: z.string().optional(),
    format: z.string().optional(),
  }),
);
