import { describe, expect, test } from "vitest";
import { Command } from "../../src/commands/command.js";
import { USAGE } from "../../src/commands/parse.js";
import { COMMAND_NAMES, COMMANDS, describePlaces, renderHelp } from "../../src/commands/table.js";
import { Config } from "../../src/config/schema.js";

describe("the command table", () => {
  test("lists exactly the commands of the Command schema", () => {
    const schemaNames = Command.options.map((option) => option.shape.name.value);
    expect([...COMMAND_NAMES].sort()).toEqual([...schemaNames].sort());
  });

  test.each(COMMAND_NAMES)("default permission of /%s matches the config default", (name) => {
    expect(COMMANDS[name].defaultPermission).toBe(Config.parse({}).commands[name].permission);
  });

  test.each(COMMAND_NAMES)("/%s: every row's usage is a form of the command", (name) => {
    expect(COMMANDS[name].name).toBe(name);
    expect(USAGE[name]).toBe(COMMANDS[name].usage);
    expect(COMMANDS[name].rows.length).toBeGreaterThan(0);
    for (const row of COMMANDS[name].rows) expect(row.usage.split(" ")[0]).toBe(`/${name}`);
  });

  test("state-changing commands are the four of DESIGN §2 and /reset (docs/commands.md#reset-rebuilding-an-unreadable-record)", () => {
    expect(COMMAND_NAMES.filter((name) => COMMANDS[name].stateChanging).sort()).toEqual(
      ["abort", "approve-plan", "retry", "rollback", "reset"].sort(),
    );
  });

  test.each([
    [["module-pr"], "module PR"],
    [["task-issue"], "task issue"],
    [["task-issue", "task-pr"], "anywhere in a task"],
  ] as const)("places %j read as %s", (places, text) => {
    expect(describePlaces(places)).toBe(text);
  });
});

describe("renderHelp", () => {
  test("renders one row per form with the default permissions", () => {
    const help = renderHelp(Config.parse({}));
    expect(help).toContain("| `/rollback [phase-N]` | anywhere in a task | `maintain` or higher |");
    expect(help).toContain("| `/retry [note]` | module PR | `write` or higher |");
    expect(help).toContain("| `/status` | anywhere in a task | `read` or higher |");
    const rows = help.split("\n").filter((line) => line.startsWith("| `/"));
    expect(rows).toHaveLength(COMMAND_NAMES.reduce((sum, name) => sum + COMMANDS[name].rows.length, 0));
    expect(help).toContain("2048 bytes");
  });

  test("shows the permissions this repository configured", () => {
    const config = Config.parse({ commands: { rollback: { permission: "admin" }, status: { permission: "triage" } } });
    const help = renderHelp(config);
    expect(help).toContain("| `/rollback` | module PR | `admin` |");
    expect(help).toContain("| `/status` | anywhere in a task | `triage` or higher |");
    expect(help).not.toContain("`maintain` or higher");
  });

  test("every table row has four cells", () => {
    for (const row of renderHelp(Config.parse({}))
      .split("\n")
      .filter((line) => line.startsWith("|"))) {
      expect(row.split("|")).toHaveLength(6);
    }
  });
});
