import { z } from "zod";
import { Config } from "./schema.js";

/**
 * The JSON Schema of `.github/conductor.yml` for editors, generated from the zod schema so the two cannot
 * drift (a test compares it with the committed `conductor.schema.json`). It describes the input side: every
 * key with a default is optional. `_extends` is added because Probot resolves it before we validate, and an
 * editor must not flag it as unknown.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Config, { io: "input", target: "draft-2020-12" });
  const properties = typeof schema.properties === "object" ? schema.properties : {};
  return {
    $schema: schema.$schema,
    title: "Conductor configuration (.github/conductor.yml)",
    description: "Every key is optional; the defaults are the documented ones.",
    ...schema,
    properties: {
      _extends: {
        type: "string",
        description: "Inherit settings from another repository's file, e.g. `.github` or `org/repo:path.yml` (Probot).",
      },
      ...properties,
    },
  };
}

/** The file's exact text: two-space JSON and a final newline, so regenerating it is a no-op diff. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
