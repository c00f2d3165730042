import { describe, expect, test } from "vitest";
import { hasSpec, parseSpec } from "../../src/plan/parse.js";
import { Plan } from "../../src/plan/plan.js";
import { DESIGN_EXAMPLE } from "./design-example.js";

const plan = (text: string): Plan => {
  const result = parseSpec(text);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return Plan.parse(result.plan);
};
/** A one-phase spec around the given lines of phase 1, for tests of one feature. */
const phase = (...lines: string[]) => ["## Implementation Phases", "### Phase 1: Only", ...lines].join("\n");
const moduleOf = (text: string, index = 0) => plan(text).phases[0]?.modules[index];

describe("the DESIGN §3 example", () => {
  test("parses to the plan it describes", () => {
    expect(parseSpec(DESIGN_EXAMPLE)).toStrictEqual({
      ok: true,
      plan: {
        phases: [
          {
            number: 1,
            name: "Proto definitions & setup",
            tasks: ["Define gRPC proto files", "Generate Python and Go code"],
            modules: [
              {
                name: "proto",
                slug: "proto",
                paths: [],
                test_command: "./proto/generate.sh",
                instructions: "",
                fixes: [],
                depends_on: [],
              },
            ],
            test_command: "./proto/generate.sh",
            success_criteria: [
              "proto/*.proto files exist",
              "Python and Go stubs generated in backend/ and grpc-service/",
            ],
            gotchas: ["keep field numbers stable"],
          },
          {
            number: 2,
            name: "Go gRPC service",
            tasks: [],
            modules: [
              {
                name: "grpc-service",
                slug: "grpc-service",
                paths: [],
                test_command: "cd grpc-service && go test ./...",
                instructions: "",
                fixes: [],
                depends_on: [],
              },
              {
                name: "migrations",
                slug: "migrations",
                paths: ["grpc-service/db/**"],
                test_command: "cd grpc-service && go test ./db/...",
                instructions: "Any free text here is extra instruction for this module.",
                fixes: [
                  {
                    id: "fix-1",
                    severity: "critical",
                    file: "grpc-service/db/schema.sql",
                    line: 12,
                    issue: "user table lacks a primary key",
                    fix: "add `id BIGSERIAL PRIMARY KEY`",
                    verification: 'grep -n "PRIMARY KEY" grpc-service/db/schema.sql',
                  },
                ],
                depends_on: [],
              },
            ],
            test_command: "cd grpc-service && go test ./...",
            success_criteria: ["gRPC server starts on port 50051"],
            gotchas: [],
          },
        ],
      },
    });
  });

  test("reads the same with Windows line endings, as GitHub stores bodies", () => {
    expect(parseSpec(DESIGN_EXAMPLE.replaceAll("\n", "\r\n"))).toStrictEqual(parseSpec(DESIGN_EXAMPLE));
  });
});

describe("finding the section", () => {
  test("hasSpec tells an issue with its own plan from one that needs the planner", () => {
    expect(hasSpec(DESIGN_EXAMPLE)).toBe(true);
    expect(hasSpec("## implementation phases  \n")).toBe(true);
    expect(hasSpec("\uFEFF## Implementation Phases:\n")).toBe(true);
    expect(hasSpec("Please split the service.\n\n### Implementation Phases\n")).toBe(false);
    expect(hasSpec("```\n## Implementation Phases\n```\n")).toBe(false);
  });

  test("the section ends at the next heading of level 1 or 2, and line numbers count from the body's top", () => {
    const text = [phase("Modules: api"), "## Notes", "Owner: me", "# Appendix", "### Phase 7: not ours"].join("\n");
    expect(plan(text).phases.map((p) => p.number)).toEqual([1]);
    const broken = `Intro\n\n${phase("Modules: api, api")}\n## Notes\n`;
    expect(parseSpec(broken)).toEqual({
      ok: false,
      errors: [{ line: 5, message: 'phase 1 lists module "api" twice' }],
    });
  });

  test("a level-2 heading inside a code block does not end the section", () => {
    const text = phase("Modules: api", "#### Module: api", "Keep the example:", "```md", "## Usage", "```", "Done.");
    expect(moduleOf(text)?.instructions).toBe("Keep the example:\n```md\n## Usage\n```\nDone.");
  });
});

describe("phases", () => {
  test("bullets before the first key are tasks; numbered items and wrapped lines too", () => {
    const text = phase("1. Define the protos", "2. Generate the", "   Go stubs", "* Lint them", "Modules: proto");
    expect(plan(text).phases[0]?.tasks).toEqual(["Define the protos", "Generate the Go stubs", "Lint them"]);
  });

  test("keys are case-insensitive and may be bold; a backticked test command is unquoted", () => {
    const text = phase("**Modules:** api", "test command: `npm test`", "__Success Criteria__:", "- green");
    const [only] = plan(text).phases;
    expect(only).toMatchObject({ test_command: "npm test", success_criteria: ["green"] });
    expect(only?.modules[0]).toMatchObject({ name: "api", test_command: "npm test" });
  });

  test("modules may be a bullet list; a one-line criterion may sit on its key line", () => {
    const text = phase("Modules:", "- api", "- web", "Success Criteria: all green", "- no warnings", "Gotchas: none");
    expect(plan(text).phases[0]).toMatchObject({
      modules: [{ name: "api" }, { name: "web" }],
      success_criteria: ["all green", "no warnings"],
      gotchas: ["none"],
    });
  });

  test("lists of a phase run across blank lines; comments and rules are ignored", () => {
    const text = phase("Modules: api", "Gotchas:", "- one", "", "<!-- from the template -->", "- two", "", "---");
    expect(plan(text).phases[0]?.gotchas).toEqual(["one", "two"]);
  });

  test("a phase without a test command gives its modules none", () => {
    expect(moduleOf(phase("Modules: api"))?.test_command).toBeNull();
  });
});

describe("module sections", () => {
  test("a module's test command is its own, else its phase's", () => {
    const text = phase("Modules: api, web", "Test Command: make", "#### Module: web", "Test Command: make web");
    expect(plan(text).phases[0]?.modules.map((m) => m.test_command)).toEqual(["make", "make web"]);
  });

  test("paths as a comma list keep commas inside glob braces; as bullets, one per line", () => {
    const inline = phase("Modules: api", "#### Module: api", "Paths: `api/**`, src/{a,b}/*.ts, ,");
    expect(moduleOf(inline)?.paths).toEqual(["api/**", "src/{a,b}/*.ts"]);
    const bullets = phase("Modules: api", "#### Module: api", "Paths:", "- api/**", "- docs/api,v2.md");
    expect(moduleOf(bullets)?.paths).toEqual(["api/**", "docs/api,v2.md"]);
  });

  test("backticks around a path are stripped in the bullet form too, as in the comma list", () => {
    const bullets = phase(
      "Modules: api",
      "#### Module: api",
      "Paths:",
      "- `api/**`",
      "- `docs/a b.md`",
      "- src/`x`.ts",
    );
    expect(moduleOf(bullets)?.paths).toEqual(["api/**", "docs/a b.md", "src/`x`.ts"]);
  });

  test("a section may name its module by slug", () => {
    const text = phase("Modules: grpc-service", "#### Module: gRPC Service", "Paths: grpc/**");
    expect(moduleOf(text)).toMatchObject({ name: "grpc-service", paths: ["grpc/**"] });
  });

  test("free text is kept verbatim and trimmed, wherever it sits between keys", () => {
    const text = phase(
      "Modules: api",
      "#### Module: api",
      "",
      "Start with the handlers.",
      "Paths: api/**",
      "Then:",
      "- keep the old route",
      "  (for one release)",
      "",
      "",
      "Note: `x: y` is fine in text; only a near-miss of a key (`Path:`) is an error.",
      "",
    );
    expect(moduleOf(text)?.instructions).toBe(
      "Start with the handlers.\nThen:\n- keep the old route\n  (for one release)\n\n\nNote: `x: y` is fine in text; only a near-miss of a key (`Path:`) is an error.",
    );
  });

  test("a blank line ends a list in a module, so a bullet after it is free text", () => {
    const text = phase("Modules: api", "#### Module: api", "Paths:", "- api/**", "", "- keep it small");
    expect(moduleOf(text)).toMatchObject({ paths: ["api/**"], instructions: "- keep it small" });
  });

  test("lines that look like keys or headers inside a code block are instructions", () => {
    const text = phase("Modules: api", "#### Module: api", "~~~yaml", "Paths: nope", "### Phase 9: no", "~~~");
    expect(moduleOf(text)).toMatchObject({ paths: [], instructions: "~~~yaml\nPaths: nope\n### Phase 9: no\n~~~" });
  });

  test("fixes are numbered per module and may wrap onto indented lines", () => {
    const text = phase(
      "Modules: api, web",
      "#### Module: api",
      "Fixes:",
      "- [major] api/a.ts:3 — slow query",
      "  on every request → add an index",
      "- [minor] api/b.ts -- typo -> fix it (verify: grep -q fixed api/b.ts)",
      "#### Module: web",
      "Fixes:",
      "- [MINOR] stale copy",
    );
    const [api, web] = plan(text).phases[0]?.modules ?? [];
    expect(api?.fixes).toStrictEqual([
      {
        id: "fix-1",
        severity: "major",
        file: "api/a.ts",
        line: 3,
        issue: "slow query on every request",
        fix: "add an index",
        verification: "",
      },
      {
        id: "fix-2",
        severity: "minor",
        file: "api/b.ts",
        issue: "typo",
        fix: "fix it",
        verification: "grep -q fixed api/b.ts",
      },
    ]);
    expect(web?.fixes).toStrictEqual([
      { id: "fix-1", severity: "minor", issue: "stale copy", fix: "", verification: "" },
    ]);
  });
});

describe("keys", () => {
  test("a value that starts like bold text is kept whole", () => {
    const text = phase("Modules: api", "Test Command: **/bin/check", "#### Module: api", "Paths: **/*.ts, __init__.py");
    expect(moduleOf(text)).toMatchObject({ paths: ["**/*.ts", "__init__.py"], test_command: "**/bin/check" });
  });
});
