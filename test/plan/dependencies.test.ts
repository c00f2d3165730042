import { describe, expect, test } from "vitest";
import { formatSpecError, parseSpec } from "../../src/plan/parse.js";
import { renderSpec } from "../../src/plan/render.js";

/** Lines 1–4 of every body here; the phases start on line 5, so a case's line numbers can be counted. */
const HEAD = ["Split the service.", "", "## Implementation Phases", ""];
const body = (...lines: string[]) => [...HEAD, ...lines].join("\n");
const errorsOf = (text: string) => {
  const result = parseSpec(text);
  return result.ok ? [] : result.errors.map(formatSpecError);
};
const dependsOf = (text: string) => {
  const result = parseSpec(text);
  if (!result.ok) throw new Error(result.errors.map(formatSpecError).join("\n"));
  return Object.fromEntries(result.plan.phases.flatMap((p) => p.modules.map((m) => [m.name, m.depends_on])));
};

describe("Depends on: (docs/spec-format.md#dependencies)", () => {
  test("a module names modules of its phase or an earlier one, inline or as bullets, by name or by slug", () => {
    const text = body(
      "### Phase 1: Base", // 5
      "Modules: money, tax, gRPC service",
      "",
      "#### Module: tax",
      "Depends on: money",
      "",
      "### Phase 2: API", // 11
      "Modules: api, web",
      "",
      "#### Module: api",
      "Depends on:",
      "- tax",
      "- grpc-service",
      "",
      "#### Module: web",
      "Depends on: api, money",
    );
    expect(dependsOf(text)).toEqual({
      money: [],
      tax: ["money"],
      "gRPC service": [],
      api: ["tax", "gRPC service"],
      web: ["api", "money"],
    });
  });

  test("the rendered spec carries them and reads back the same", () => {
    const text = body(
      "### Phase 1: Base",
      "Modules: money, tax",
      "",
      "#### Module: tax",
      "Paths: src/tax.js",
      "Depends on: money",
      "",
      "Round half up.",
    );
    const first = parseSpec(text);
    if (!first.ok) throw new Error("did not parse");
    const rendered = renderSpec(first.plan);
    expect(rendered).toContain("#### Module: tax\nPaths: src/tax.js\nDepends on: money\n\nRound half up.");
    const again = parseSpec(rendered);
    expect(again).toEqual(first);
    if (again.ok) expect(renderSpec(again.plan)).toBe(rendered);
  });

  const cases: Array<[string, string, string[]]> = [
    [
      "an unknown module",
      body("### Phase 1: A", "Modules: api", "#### Module: api", "Depends on: db"),
      ['line 8: module "api" depends on "db", which no phase lists'],
    ],
    [
      "itself",
      body("### Phase 1: A", "Modules: api", "#### Module: api", "Depends on: api"),
      ['line 8: module "api" depends on itself'],
    ],
    [
      "a module of a later phase",
      body("### Phase 1: A", "Modules: api", "#### Module: api", "Depends on: db", "### Phase 2: B", "Modules: db"),
      [
        'line 8: module "api" of phase 1 depends on "db" of phase 2: a module may depend only on modules of its own phase or an earlier one',
      ],
    ],
    [
      "the same module twice",
      body("### Phase 1: A", "Modules: api, db", "#### Module: api", "Depends on: db, db"),
      ['line 8: module "api" names "db" twice in "Depends on:"'],
    ],
    [
      "a cycle of two, reported once on the first module's line",
      body(
        "### Phase 1: A",
        "Modules: api, db",
        "#### Module: api",
        "Depends on: db",
        "#### Module: db",
        "Depends on: api",
      ),
      ['line 8: modules depend on each other in a cycle: "api" → "db" → "api"'],
    ],
    [
      "a cycle of three, named from its first module in plan order",
      body(
        "### Phase 1: A",
        "Modules: a, b, c",
        "#### Module: c",
        "Depends on: b",
        "#### Module: a",
        "Depends on: c",
        "#### Module: b",
        "Depends on:",
        "- a",
      ),
      ['line 10: modules depend on each other in a cycle: "a" → "c" → "b" → "a"'],
    ],
    [
      "a phase-level Depends on",
      body("### Phase 1: A", "Modules: api", "Depends on: db"),
      ['line 7: "Depends on:" belongs in a "#### Module: <name>" section'],
    ],
    [
      "a second Depends on line",
      body("### Phase 1: A", "Modules: api, db", "#### Module: api", "Depends on: db", "Depends on: db"),
      ['line 9: module "api" has a second "Depends on:" line (the first is on line 8)'],
    ],
  ];

  test.each(cases)("%s is a line-numbered error", (_name, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });

  test("every problem is reported, not only the first", () => {
    const text = body(
      "### Phase 1: A", // 5
      "Modules: api, db",
      "#### Module: api",
      "Depends on: nope, web", // 8
      "#### Module: db",
      "Depends on: db", // 10
      "### Phase 2: B",
      "Modules: web",
    );
    expect(errorsOf(text)).toEqual([
      'line 8: module "api" depends on "nope", which no phase lists',
      'line 8: module "api" of phase 1 depends on "web" of phase 2: a module may depend only on modules of its own phase or an earlier one',
      'line 10: module "db" depends on itself',
    ]);
  });
});
