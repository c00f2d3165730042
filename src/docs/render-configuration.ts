import { stringify } from "yaml";
import { configJsonSchema } from "../config/json-schema.js";
import { Config } from "../config/schema.js";
import { type ConfigRow, configRows } from "./config-rows.js";
import { JsonSchemaNode } from "./json-schema-node.js";
import { code, generatedNotice, table } from "./markdown.js";

const INTRO = `# Configuration reference

Conductor reads \`.github/conductor.yml\` from the repository the task runs in. Every key is optional, and no
file means every default below. The file is read through Probot's \`context.config\`: when the repository has
no such file, the same path in the owner's \`.github\` repository is used, and \`_extends\` inherits from another
repository's file. The result is validated by one zod schema (\`src/config/schema.ts\`); an invalid file gets
one comment that names every bad key, and nothing runs until it is fixed. A key written with no value
(\`gates:\` above lines that are all commented out) counts as not set.

A task takes a snapshot of the configuration when it starts, resumes (the trigger label added back) or is
retried; editing the file never changes an attempt that is already running.

For editors, \`conductor.schema.json\` (generated from the same schema by \`npm run gen:schema\`) validates
the file and completes keys; with the YAML language server, put
\`# yaml-language-server: $schema=<path or URL of conductor.schema.json>\` on the file's first line.`;

/** Top-level keys that are not sections come first, under one heading. */
function sections(rows: readonly ConfigRow[]): [string, ConfigRow[]][] {
  const grouped = new Map<string, ConfigRow[]>([["Top-level keys", []]]);
  for (const row of rows) {
    const [head, ...rest] = row.path.split(".");
    const title = rest.length === 0 || head === undefined ? "Top-level keys" : code(head);
    grouped.set(title, [...(grouped.get(title) ?? []), row]);
  }
  return [...grouped].filter(([, list]) => list.length > 0);
}

function renderRows(rows: readonly ConfigRow[]): string {
  return table(
    ["key", "type", "default", "description"],
    rows.map((row) => [code(row.path), row.type, row.default ?? "—", row.description]),
  );
}

/** The defaults as a file, for copying: what Conductor uses when `.github/conductor.yml` is absent. */
function defaultsFile(): string {
  const yaml = stringify(Config.parse({}), { lineWidth: 0 }).trimEnd();
  return [
    "## All defaults",
    "",
    "The file Conductor acts as if it read when there is none (`base_branch` is left out: it defaults to the",
    "repository's default branch).",
    "",
    "```yaml",
    yaml,
    "```",
  ].join("\n");
}

/** `docs/configuration.md`: every key of `.github/conductor.yml`, from the zod `Config` schema. */
export function renderConfiguration(): string {
  const schema = JsonSchemaNode.parse(configJsonSchema());
  const rows = configRows(schema);
  const body = sections(rows).map(([title, list]) => `## ${title}\n\n${renderRows(list)}`);
  return `${[generatedNotice("src/config/schema.ts"), INTRO, ...body, defaultsFile()].join("\n\n")}\n`;
}
