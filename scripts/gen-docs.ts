/** Writes the generated reference pages under docs/ (configuration, commands) from the schema and the command table. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED_DOCS } from "../src/docs/generated-docs.js";

for (const doc of GENERATED_DOCS) {
  const target = fileURLToPath(new URL(`../${doc.path}`, import.meta.url));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, doc.render());
  console.log(`wrote ${target}`);
}
