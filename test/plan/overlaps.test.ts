import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, test } from "vitest";
import { globIntersection } from "../../src/plan/glob-intersection.js";
import { findOverlaps } from "../../src/plan/overlaps.js";
import { parseSpec, specWarnings } from "../../src/plan/parse.js";

/** The executor's matching (src/verify/glob-matcher.ts): what "both may change it" means. */
const matches = (glob: string, path: string) => picomatch(glob, { dot: true })(path);

describe("globIntersection: a path two globs both match", () => {
  const meet: Array<[string, string]> = [
    ["src/index.js", "src/index.js"],
    ["src/*.ts", "src/a*"],
    ["src/**", "src/a/b.ts"],
    ["a/**/b", "a/b"],
    ["a/**/b", "a/x/y/b"],
    ["**/*.md", "docs/guide/x.md"],
    ["src/{a,b}.js", "src/b.js"],
    ["[a-c]x", "[b-z]x"],
    ["test/**/*.test.js", "test/money.test.js"],
    ["src/?.js", "src/a.*"],
    ["**", ".github/x.yml"],
    // `/**` may match nothing unless a star stands just before it, and `**/**` reads as `**` (picomatch).
    ["*.js/**", "x.js"],
    ["a*b/**", "acb"],
    ["a/**/**", "a"],
    ["**/**/b", "b"],
  ];
  test.each(meet)("%s and %s meet, at a path picomatch matches with both", (a, b) => {
    const path = globIntersection(a, b);
    expect(path).not.toBeNull();
    expect([matches(a, path ?? ""), matches(b, path ?? "")]).toEqual([true, true]);
    expect(globIntersection(b, a)).not.toBeNull();
  });

  const apart: Array<[string, string]> = [
    ["src/money.js", "src/tax.js"],
    ["src/*", "src/a/b"],
    ["*.js", "lib/a.js"],
    ["docs/**", "src/**"],
    ["[^a]", "a"],
    ["src/{a,b}.js", "src/c.js"],
    ["test/*.test.js", "test/unit/x.test.js"],
    ["a*/**", "ab"],
    ["*/**", "x.js"],
  ];
  test.each(apart)("%s and %s do not meet", (a, b) => {
    expect(globIntersection(a, b)).toBeNull();
    expect(globIntersection(b, a)).toBeNull();
  });

  test("syntax it does not model (extglobs, negation) is taken to match anything", () => {
    expect(globIntersection("!(x)", "src/a.js")).not.toBeNull();
    expect(globIntersection("!src/**", "src/a.js")).not.toBeNull();
  });

  // Small alphabets so that random globs and paths often meet.
  const SEGMENTS = ["a", "b", "ab", "x.js", "a.js", "*", "*.js", "a*", "?", "[ab]", "[^a]", "{a,b}", "**"];
  const NAMES = ["a", "b", "ab", "x.js", "a.js", "b.js", ".a"];
  const glob = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));
  const path = fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));

  test("every glob of one or two segments meets each literal path exactly when picomatch matches it", () => {
    const names = ["a", "b", "x.js", "a.js", ".a"];
    const under = (parents: string[], children: string[]) => parents.flatMap((p) => children.map((c) => `${p}/${c}`));
    const globs = [...SEGMENTS, ...under(SEGMENTS, SEGMENTS)];
    const paths = [...names, ...under(names, names), ...under(under(names, names), names)];
    const wrong: string[] = [];
    for (const g of globs) {
      for (const p of paths) if ((globIntersection(g, p) !== null) !== matches(g, p)) wrong.push(`${g} ${p}`);
    }
    expect(wrong).toEqual([]);
  });

  test("property: whenever picomatch matches one path with both globs, they meet", () => {
    fc.assert(
      fc.property(glob, glob, path, (a, b, p) => {
        if (matches(a, p) && matches(b, p)) expect(globIntersection(a, b)).not.toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  test("property: the path it gives is one picomatch matches with both", () => {
    fc.assert(
      fc.property(glob, glob, (a, b) => {
        const p = globIntersection(a, b);
        if (p !== null) expect([a, b, p, matches(a, p), matches(b, p)]).toEqual([a, b, p, true, true]);
      }),
      { numRuns: 3000 },
    );
  });
});

const spec = (...lines: string[]) => ["## Implementation Phases", "", ...lines].join("\n");

describe("findOverlaps and the plan warnings (docs/spec-format.md#overlapping-paths)", () => {
  const text = spec(
    "### Phase 1: A", // 3
    "Modules: api, web, docs, free, loose",
    "",
    "#### Module: api",
    "Paths: src/api/**, src/shared/*.ts", // 7
    "",
    "#### Module: web",
    "Paths: src/web/**, src/shared/types.ts", // 10
    "",
    "#### Module: docs",
    "Paths: docs/**", // 13
    "",
    "### Phase 2: B", // 15
    "Modules: again",
    "",
    "#### Module: again",
    "Paths: src/api/**",
  );

  test("pairs within a phase whose Paths meet, or that both leave Paths out, in plan order", () => {
    const parsed = parseSpec(text);
    if (!parsed.ok) throw new Error("did not parse");
    expect(findOverlaps(parsed.plan)).toEqual([
      { phase: 1, first: "api", second: "web", path: "src/shared/types.ts" },
      { phase: 1, first: "free", second: "loose", path: null },
    ]);
  });

  test("each warning names both lines: the later module's Paths (or listing) line, and the earlier's", () => {
    expect(specWarnings(text)).toEqual([
      {
        line: 10,
        message:
          'modules "api" and "web" of phase 1 overlap (both may change `src/shared/types.ts`); "api" is on line 7. They run one after the other, in plan order, unless limits.overlap is parallel',
      },
      {
        line: 4,
        message:
          'modules "free" and "loose" of phase 1 overlap (neither names its Paths); "free" is on line 4. They run one after the other, in plan order, unless limits.overlap is parallel',
      },
    ]);
  });

  test("a spec with errors has no warnings (the errors come first)", () => {
    expect(specWarnings(spec("### Phase 1: A", "Modules: a, a"))).toEqual([]);
  });
});
