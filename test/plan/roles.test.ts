import { describe, expect, test } from "vitest";
import { parseSpec } from "../../src/plan/parse.js";
import { renderSpec } from "../../src/plan/render.js";

const body = (role: string, where: "module" | "phase" = "module") => `## Implementation Phases

### Phase 1: API
Modules: api, web${where === "phase" ? `\nRole: ${role}` : ""}

#### Module: api
Paths: src/api/**
${where === "module" ? `Role: ${role}\n` : ""}Keep the routes stable.
`;

describe("Role: in a module section", () => {
  test("names the module's role; a module without one has none; the plan renders it back", () => {
    const parsed = parseSpec(body("backend"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const [api, web] = parsed.plan.phases[0]?.modules ?? [];
    expect(api).toMatchObject({ name: "api", role: "backend", instructions: "Keep the routes stable." });
    expect(web?.role).toBeUndefined();
    const rendered = renderSpec(parsed.plan);
    expect(rendered).toContain("#### Module: api\nPaths: src/api/**\nRole: backend");
    expect(parseSpec(rendered)).toEqual(parsed);
  });

  test("a custom role is any one lower-case word; `backticks` are read through", () => {
    const parsed = parseSpec(body("`data-eng`"));
    expect(parsed.ok && parsed.plan.phases[0]?.modules[0]?.role).toBe("data-eng");
  });

  test("a role that is not one word, or a Role: above the module sections, is an error on its line", () => {
    expect(parseSpec(body("Back End"))).toEqual({
      ok: false,
      errors: [
        {
          line: 8,
          message: '"Role: Back End" names no role: a role is one lower-case word such as backend (a-z, 0-9, -)',
        },
      ],
    });
    expect(parseSpec(body("backend", "phase"))).toEqual({
      ok: false,
      errors: [{ line: 5, message: '"Role:" belongs in a "#### Module: <name>" section' }],
    });
  });
});
