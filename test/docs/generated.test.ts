import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { COMMAND_NAMES, COMMANDS } from "../../src/commands/table.js";
import { Config } from "../../src/config/schema.js";
import { GENERATED_DOCS } from "../../src/docs/generated-docs.js";
import { renderCommands } from "../../src/docs/render-commands.js";
import { renderConfiguration } from "../../src/docs/render-configuration.js";

const root = new URL("../../", import.meta.url);

describe.each(GENERATED_DOCS.map((doc) => [doc.path, doc] as const))("%s", (path, doc) => {
  test("the committed file is what `npm run gen:docs` writes", () => {
    const file = new URL(path, root);
    const committed = existsSync(file) ? readFileSync(file, "utf8") : "(missing)";
    expect(committed, `${path} is out of date: run \`npm run gen:docs\` and commit it`).toBe(doc.render());
  });
});

/** Every leaf key path of a parsed config, e.g. `gates.checks`; arrays and scalars are leaves. */
function leafPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix === "" ? key : `${prefix}.${key}`));
}

describe("docs/configuration.md", () => {
  const page = renderConfiguration();

  test.each(leafPaths(Config.parse({ base_branch: "main", escalation: { webhook_url: "https://example.com/hook" } })))(
    "lists `%s`",
    (path) => {
      expect(page).toContain(`| \`${path}\` |`);
    },
  );

  test("shows the default and description of a key", () => {
    expect(page).toContain(
      "| `retries.backoff_minutes` | list of non-negative numbers (at least 1) | `[1, 5, 15]` | Waits before re-dispatching after an infrastructure failure; the last repeats. |",
    );
    expect(page).toContain("| `base_branch` | non-empty string | — |");
  });
});

describe("docs/commands.md", () => {
  const page = renderCommands();

  test.each(COMMAND_NAMES.flatMap((name) => COMMANDS[name].rows.map((row) => [row.usage, row] as const)))(
    "has a row for `%s`",
    (usage, row) => {
      expect(page).toContain(`| \`${usage}\` |`);
      expect(page).toContain(row.effect);
    },
  );

  test.each(COMMAND_NAMES)("names the permission key of /%s", (name) => {
    expect(page).toContain(`\`commands.${name}.permission\``);
  });
});
