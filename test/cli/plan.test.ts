import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { SANDBOX_SUBCOMMANDS } from "../../sandbox/cli/subcommands.js";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import { Plan } from "../../src/plan/plan.js";

const DATAFLOW = readFileSync("examples/dataflow.md", "utf8");

/** Runs the CLI in-process against files held in memory; returns what it printed and its exit code. */
async function cli(argv: string[], files: Record<string, string> = { "examples/dataflow.md": DATAFLOW }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
  };
  const code = await runCli(argv, io, SANDBOX_SUBCOMMANDS);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("conductor plan", () => {
  test("prints a readable plan: phases, modules, paths, test commands, fixes, success criteria", async () => {
    const { code, out, err } = await cli(["plan", "examples/dataflow.md"]);
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toContain("examples/dataflow.md: 5 phases, 10 modules, 4 fixes");
    expect(out).toContain("Phase 2: Change capture\n  tasks:\n");
    expect(out).toContain(
      [
        "  module cdc-connector (branch p2-cdc-connector)",
        "    paths: services/cdc/**, deploy/cdc/**",
        "    test command: make test-cdc",
        "    fixes: 2 (1 critical, 1 major)",
        "    instructions: 1 line",
        "  module topic-config (branch p2-topic-config)",
        "    paths: deploy/kafka/topics/**",
        "    test command: make -C deploy/kafka lint (its own)",
        "    fixes: none",
      ].join("\n"),
    );
    expect(out).toContain("  success criteria:\n    - replaying the same hour of events twice gives the same output\n");
    expect(out).toContain("  module hourly-totals (branch p3-hourly-totals)\n    paths: anywhere not protected\n");
  });

  test("--json prints exactly the Plan object", async () => {
    const { code, out } = await cli(["plan", "--json", "examples/dataflow.md"]);
    expect(code).toBe(0);
    const plan = JSON.parse(out);
    expect(Plan.strict().safeParse(plan).success).toBe(true);
    expect(Object.keys(plan)).toEqual(["phases"]);
    expect(Object.keys(plan.phases[0])).toEqual([
      "number",
      "name",
      "tasks",
      "modules",
      "test_command",
      "success_criteria",
      "gotchas",
    ]);
    expect(Object.keys(plan.phases[0].modules[0])).toEqual([
      "name",
      "slug",
      "paths",
      "test_command",
      "instructions",
      "fixes",
      "depends_on",
    ]);
    expect(plan.phases.map((phase: { modules: unknown[] }) => phase.modules.length)).toEqual([1, 2, 3, 2, 2]);
  });

  test("prints every spec error with its line on stderr and exits 1", async () => {
    const bad = "Title\n\n## Implementation Phases\n### Phase 1: A\nModules: api, api\n### Step 2: B\nModules: web\n";
    const { code, out, err } = await cli(["plan", "bad.md"], { "bad.md": bad });
    expect({ code, out }).toEqual({ code: 1, out: "" });
    expect(err).toBe(
      [
        "bad.md: 2 problems in the spec",
        'line 5: phase 1 lists module "api" twice',
        'line 6: "### Step 2: B" is not a phase header: expected "### Phase <number>: <name>"',
      ].join("\n"),
    );
  });

  test("a file that cannot be read is an error, not a crash", async () => {
    const { code, err } = await cli(["plan", "missing.md"]);
    expect(code).toBe(1);
    expect(err).toBe("conductor plan: cannot read missing.md: ENOENT: no such file or directory, open 'missing.md'");
  });

  test.each([
    [["plan"], "conductor plan: plan needs the FILE that holds the issue body"],
    [["plan", "a.md", "b.md"], "conductor plan: plan takes one FILE, not 2"],
    [["plan", "a.md", "--yaml"], "conductor plan: Unknown option '--yaml'"],
  ])("a bad command line %j exits 2 with the usage", async (argv, message) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain("usage: conductor plan FILE [--json] [--modules component|file]");
  });
});

describe("conductor plan FILE.json (a task file)", () => {
  const TASK = readFileSync("examples/task-file.json", "utf8");

  test("plans one module per component and shows the fixes by their own ids", async () => {
    const { code, out, err } = await cli(["plan", "review.json"], { "review.json": TASK });
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toContain("review.json: 1 phase, 1 module, 2 fixes\nfrom task file: review REV-2026-014");
    expect(out).toContain("      CR-1 [critical] src/money.js:1\n      CR-2 [minor] src/money.js:1");
  });

  test("--json keeps ids, severities and lines, and the review id", async () => {
    const { code, out } = await cli(["plan", "--json", "review.json"], { "review.json": TASK });
    expect(code).toBe(0);
    const plan = Plan.parse(JSON.parse(out));
    expect(plan.source?.review_id).toBe("REV-2026-014");
    expect(plan.phases[0]?.modules[0]?.fixes.map((f) => [f.id, f.severity, f.line])).toEqual([
      ["CR-1", "critical", 1],
      ["CR-2", "minor", 1],
    ]);
  });

  test("a malformed task file exits 1 with every problem by its JSON path", async () => {
    const bad = JSON.stringify({
      review_id: "R",
      component: "c",
      fixes: [{ id: "1", severity: "urgent", issue: "x" }],
    });
    const { code, out, err } = await cli(["plan", "bad.json"], { "bad.json": bad });
    expect({ code, out }).toEqual({ code: 1, out: "" });
    expect(err).toBe(
      'bad.json: 1 problem in the task file\n$.fixes[0].severity: expected one of "critical", "major", "minor"',
    );
  });

  test("--modules file makes one module per fixed file; a wrong value is a usage error", async () => {
    const two = JSON.stringify({
      review_id: "R",
      component: "c",
      fixes: [
        { id: "1", severity: "minor", file: "a.js", issue: "x" },
        { id: "2", severity: "minor", file: "b.js", issue: "y" },
      ],
    });
    expect((await cli(["plan", "t.json", "--modules", "file"], { "t.json": two })).out).toContain("1 phase, 2 modules");
    const wrong = await cli(["plan", "t.json", "--modules", "dir"], { "t.json": two });
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--modules takes "component" or "file", not "dir"');
  });
});

/** Every subcommand, as `conductor --help` lists them. */
const USAGE = [
  "usage:",
  "  conductor plan FILE [--json] [--modules component|file] [--estimate [--config FILE] [--history DIR]]",
  "  conductor validate-config [FILE]   (default: .github/conductor.yml)",
  "  conductor demo",
  "  conductor simulate SPEC.md [--repo DIR] [--base BRANCH] [--solutions DIR] [--fail MODULE@ATTEMPT[:KIND] …] [--seed N] [--engine ENGINE] [--no-ci] [--json]",
  "  conductor doctor [DIR] [--base BRANCH] [--json]",
].join("\n");

describe("dispatch", () => {
  test("an unknown subcommand exits 2 and lists the ones there are", async () => {
    expect(await cli(["frobnicate"])).toEqual({
      code: 2,
      out: "",
      err: `conductor: unknown command "frobnicate"\n${USAGE}`,
    });
    expect((await cli(["toString"])).code).toBe(2);
  });

  test("no subcommand prints the usage on stderr; help prints it on stdout", async () => {
    expect(await cli([])).toMatchObject({ code: 2, out: "" });
    expect(await cli(["--help"])).toMatchObject({ code: 0, out: USAGE });
  });

  test("warns on stderr, with both lines, about modules of one phase whose Paths overlap; still exits 0", async () => {
    const file = "examples/sample-task-conflict.md";
    const { code, out, err } = await cli(["plan", file], { [file]: readFileSync(file, "utf8") });
    expect(code).toBe(0);
    expect(err).toBe(
      'warning: line 29: modules "export-money" and "export-tax" of phase 2 overlap (both may change `src/index.js`); "export-money" is on line 25. They run one after the other, in plan order, unless limits.overlap is parallel',
    );
    expect(out).toContain("module export-tax (branch p2-export-tax)");
  });

  test("prints what a module waits for", async () => {
    const body = [
      "## Implementation Phases",
      "### Phase 1: A",
      "Modules: db, api",
      "#### Module: api",
      "Depends on: db",
    ];
    const { code, out } = await cli(["plan", "spec.md"], { "spec.md": body.join("\n") });
    expect(code).toBe(0);
    expect(out).toContain(
      "  module api (branch p1-api)\n    paths: anywhere not protected\n    test command: (none)\n    starts after: db merged\n",
    );
  });
});
