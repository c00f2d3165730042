/** Writes conductor.schema.json (the editor schema for .github/conductor.yml) from the zod Config schema. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configJsonSchemaText } from "../src/config/json-schema.js";

const target = fileURLToPath(new URL("../conductor.schema.json", import.meta.url));
writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${target}`);
