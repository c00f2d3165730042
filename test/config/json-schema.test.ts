import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { configJsonSchema, configJsonSchemaText } from "../../src/config/json-schema.js";
import { loadConfig } from "../../src/config/load.js";

const committed = readFileSync(new URL("../../conductor.schema.json", import.meta.url), "utf8");

describe("conductor.schema.json", () => {
  test("the committed file is what `npm run gen:schema` writes", () => {
    // If this fails: run `npm run gen:schema` and commit conductor.schema.json.
    expect(committed).toBe(configJsonSchemaText());
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(configJsonSchema());

  test.each<[string, unknown]>([
    ["empty", {}],
    ["_extends", { _extends: ".github" }],
    [
      "a full override",
      { retries: { max_attempts: 5, backoff_minutes: [2] }, gates: { checks: ["ci"] }, merge: { method: "rebase" } },
    ],
    ["wrong type", { retries: { max_attempts: "x" } }],
    ["unknown key", { gates: { foo: 1 } }],
    ["bad enum", { gates: { review: "yes" } }],
    ["bad mention", { escalation: { mention: ["@@x"] } }],
  ])("editors and Conductor agree: %s", (_, raw) => {
    expect(validate(raw)).toBe(loadConfig(raw).ok);
  });
});
