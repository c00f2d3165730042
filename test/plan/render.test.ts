import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseSpec } from "../../src/plan/parse.js";
import { Plan } from "../../src/plan/plan.js";
import { renderSpec } from "../../src/plan/render.js";
import { DESIGN_EXAMPLE } from "./design-example.js";
import { oneLine, planArbitrary } from "./plan-arbitrary.js";

const parsed = (text: string): Plan => {
  const result = parseSpec(text);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.plan;
};

describe("renderSpec", () => {
  test("writes the DESIGN §3 example back in the same format", () => {
    const rendered = renderSpec(parsed(DESIGN_EXAMPLE));
    const section = DESIGN_EXAMPLE.slice(DESIGN_EXAMPLE.indexOf("## Implementation Phases"));
    // The only difference: a blank line now separates the fixes from the free text.
    expect(rendered).toBe(section.replace("\nAny free text", "\n\nAny free text"));
  });

  test("emits a module section only when the module says more than its phase", () => {
    const plan = parsed(
      "## Implementation Phases\n### Phase 1: A\nModules: api, web\nTest Command: make\n#### Module: web\nTest Command: make",
    );
    expect(renderSpec(plan)).toBe(
      "## Implementation Phases\n\n### Phase 1: A\nModules: api, web\nTest Command: make\n",
    );
  });

  test("writes paths inline when the comma list reads back the same, else as a list", () => {
    const head = "## Implementation Phases\n### Phase 1: A\nModules: api\n#### Module: api\n";
    const inline = parsed(`${head}Paths: src/{a,b}/**, x`);
    expect(renderSpec(inline)).toContain("\nPaths: src/{a,b}/**, x\n");
    const listed = parsed(`${head}Paths:\n- docs/a,b.md\n- x`);
    expect(renderSpec(listed)).toContain("\nPaths:\n- docs/a,b.md\n- x\n");
    expect(parsed(renderSpec(listed))).toStrictEqual(listed);
  });

  test("line breaks in one-line fields become spaces, so a planner's text cannot add lines", () => {
    const plan = parsed("## Implementation Phases\n### Phase 1: A\n- one\nModules: api\nTest Command: make");
    const phase = plan.phases[0]!;
    const broken: Plan = {
      phases: [{ ...phase, tasks: ["one\n- two", "three\r\nModules: x"], test_command: "make\n  test" }],
    };
    const reread = parsed(renderSpec(broken)).phases[0];
    expect(reread?.tasks).toEqual(["one - two", "three Modules: x"]);
    expect(reread?.test_command).toBe("make test");
  });
});

describe("round trip", () => {
  test("parseSpec(renderSpec(p)) gives back every plan the format can carry", () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        expect(Plan.safeParse(plan).success).toBe(true);
        expect(parseSpec(renderSpec(plan))).toStrictEqual({ ok: true, plan });
      }),
      { numRuns: 1000 },
    );
  });

  test("the rendered spec also reads back inside an issue body, after text and before other sections", () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const body = `Intro with a fence:\n\n\`\`\`\n## Implementation Phases\n\`\`\`\n\n${renderSpec(plan)}\n## Notes\nOwner: me\n`;
        expect(parseSpec(body)).toStrictEqual({ ok: true, plan });
      }),
      { numRuns: 100 },
    );
  });

  test.each(["examples/dataflow.md"])("render(parse(x)) is stable for %s", (path) => {
    const plan = parsed(readFileSync(path, "utf8"));
    const rendered = renderSpec(plan);
    expect(parsed(rendered)).toStrictEqual(plan);
    expect(renderSpec(parsed(rendered))).toBe(rendered);
  });

  test("the DESIGN §3 example is stable too", () => {
    const rendered = renderSpec(parsed(DESIGN_EXAMPLE));
    expect(renderSpec(parsed(rendered))).toBe(rendered);
  });
});

describe("any text", () => {
  const specLines = fc.oneof(
    oneLine,
    fc.constantFrom(
      "## Implementation Phases",
      "### Phase 1: A",
      "### Phase 2: B",
      "### Phase two",
      "Modules: api, web",
      "Modules: api",
      "#### Module: api",
      "#### Module: web",
      "Paths: src/**",
      "Fixes:",
      "- [major] a.ts:3 — slow → cache",
      "- [huge] nope",
      "Test Command: make",
      "Success Criteria:",
      "- done",
      "  continued",
      "```",
      "",
      "## Notes",
    ),
  );

  test("never throws; errors are sorted and on real lines; whatever parses is a valid, stable plan", () => {
    fc.assert(
      fc.property(fc.array(specLines, { maxLength: 30 }), (lines) => {
        const body = lines.join("\n");
        const result = parseSpec(body);
        if (!result.ok) {
          const numbers = result.errors.map((error) => error.line);
          expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
          for (const line of numbers) expect(line >= 1 && line <= Math.max(1, lines.length)).toBe(true);
          expect(result.errors.length).toBeGreaterThan(0);
          return;
        }
        expect(Plan.safeParse(result.plan).success).toBe(true);
        const rendered = renderSpec(result.plan);
        expect(parseSpec(rendered)).toStrictEqual(result);
        expect(renderSpec(parsed(rendered))).toBe(rendered);
      }),
      { numRuns: 1000 },
    );
  });
});
