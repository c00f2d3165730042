/**
 * fast-check arbitraries for plans the spec format can carry, so `parseSpec(renderSpec(p))` can be
 * checked to give `p` back. The restrictions below are the format's, and each says why:
 * - every text is one trimmed, non-empty line (the format is line based; `renderSpec` trims nothing);
 * - module names have no comma (`Modules: a, b` is comma separated) and a letter or digit (the slug),
 *   and slugs are unique in the plan (they name branches);
 * - a test command or path is not wrapped in one pair of backticks (the parser unquotes those);
 * - a module's test command is its phase's or its own non-null override (null would read back as the
 *   phase's); fix ids are `fix-1`, `fix-2`, … in order (they are positional);
 * - a fix's file has no whitespace and does not end in `:<digits>` (the location is one token, and the
 *   line is written `file:line`); a line only comes with a file; issue and fix hold no `(verify:`, the
 *   issue no arrow (`→`, `->`: the issue/fix separator), and without a file the issue does not start
 *   with `<word> — ` (that would read as a location);
 * - instructions hold no line that reads as a heading, a key, an HTML comment or a fence outside a
 *   fenced block, and no trailing whitespace (the parser trims line ends);
 * - a module depends only on modules before it in plan order (the format refuses later phases and cycles).
 */
import fc from "fast-check";
import type { Module, Phase, Plan } from "../../src/plan/plan.js";
import { slugify } from "../../src/plan/slug.js";
import type { Item } from "../../src/protocol/item.js";

// Characters that stress the grammar: markers, separators, arrows, backticks, non-ASCII.
const CHARS = [..."abcxyzABCQ0189 -_*+:#[](){},./`'\"→—–>!é😀"];

/** A trimmed, non-empty single line drawn from the characters above. */
export const oneLine = fc
  .string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 24 })
  .map((text) => text.trim())
  .filter((text) => text !== "");

const unquoted = oneLine.filter((text) => !/^`[^`]+`$/.test(text));
const moduleName = oneLine.filter((name) => !name.includes(",") && slugify(name) !== "");
const list = (length: number) => fc.array(oneLine, { maxLength: length });

const ARROW = /→|->/;
const VERIFY = /\(verify:/i;
const LOCATION_LIKE = /^\S+\s+(?:—|–|--)(?:\s|$)/;

const fixFields = fc.record({
  severity: fc.constantFrom("critical", "major", "minor" as const),
  file: fc.option(
    oneLine.filter((file) => !/\s/.test(file) && !/:\d+$/.test(file) && !VERIFY.test(file)),
    { nil: undefined },
  ),
  line: fc.option(fc.integer({ min: 1, max: 99_999 }), { nil: undefined }),
  issue: oneLine.filter((issue) => !ARROW.test(issue) && !VERIFY.test(issue)),
  fix: fc.oneof(
    fc.constant(""),
    oneLine.filter((fix) => !VERIFY.test(fix)),
  ),
  verification: fc.oneof(fc.constant(""), oneLine),
});

const fixes = fc
  .array(
    fixFields.filter((fields) => fields.file !== undefined || !LOCATION_LIKE.test(fields.issue)),
    { maxLength: 3 },
  )
  .map((all) =>
    all.map(
      ({ severity, file, line, issue, fix, verification }, index): Item => ({
        id: `fix-${index + 1}`,
        severity,
        ...(file === undefined ? {} : { file }),
        ...(file === undefined || line === undefined ? {} : { line }),
        issue,
        fix,
        verification,
      }),
    ),
  );

const KNOWN_KEYS = ["modules", "test command", "success criteria", "gotchas", "paths", "fixes", "role", "depends on"];

/** Conservative: any `word:` start that is capitalised, short, or shares a key's first letters. */
function readsAsKey(line: string): boolean {
  const match = /^(?:\*\*|__)?([A-Za-z][A-Za-z ]*?)(?:\*\*|__)?[ \t]*:/.exec(line.trimStart());
  if (match === null) return false;
  const name = (match[1] ?? "").trim().toLowerCase();
  return (
    /^[A-Z]/.test(match[1] ?? "") || name.length < 3 || KNOWN_KEYS.some((key) => key.slice(0, 3) === name.slice(0, 3))
  );
}

const textLine = fc
  .tuple(fc.constantFrom("", "", "  ", "- ", "1. "), oneLine)
  .map(([prefix, text]) => prefix + text)
  .filter(
    (line) =>
      !/^ {0,3}#{1,4}(\s|$)/.test(line) &&
      !/^\s*(```|~~~)/.test(line) &&
      !/^<!--.*-->$/.test(line.trim()) &&
      !readsAsKey(line),
  );

const fenced = fc
  .tuple(
    fc.constantFrom("```", "~~~"),
    fc.constantFrom("", "sh", "yaml"),
    fc.array(fc.oneof(oneLine, fc.constant("")), { maxLength: 4 }),
  )
  .map(([fence, info, lines]) =>
    [fence + info, ...lines.filter((line) => !/^\s*(```|~~~)/.test(line)), fence].join("\n"),
  );

const paragraph = fc.oneof(
  fc.array(textLine, { minLength: 1, maxLength: 3 }).map((lines) => lines.join("\n")),
  fenced,
);

/** Module free text: paragraphs with blank lines between, trimmed as the parser returns it. */
export const instructions = fc.oneof(
  fc.constant(""),
  fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((paragraphs) => paragraphs.join("\n\n").trim()),
);

const moduleBody = fc.record({
  paths: fc.array(unquoted, { maxLength: 3 }),
  /** Picks among the modules before this one in plan order (its phase or earlier): never a cycle. */
  dependsOn: fc.array(fc.nat({ max: 20 }), { maxLength: 2 }),
  ownTestCommand: fc.option(unquoted, { nil: null }),
  instructions,
  fixes,
  role: fc.option(fc.constantFrom("backend", "tests", "data-eng2"), { nil: undefined }),
});

const phaseBody = fc.record({
  name: oneLine,
  tasks: list(3),
  test_command: fc.option(unquoted, { nil: null }),
  success_criteria: list(3),
  gotchas: list(3),
  modules: fc.array(moduleBody, { minLength: 1, maxLength: 3 }),
});

/** Valid plans of 1–4 phases with 1–3 modules each, every module name unique by slug. */
export const planArbitrary: fc.Arbitrary<Plan> = fc.array(phaseBody, { minLength: 1, maxLength: 4 }).chain((phases) => {
  const count = phases.reduce((sum, phase) => sum + phase.modules.length, 0);
  return fc.uniqueArray(moduleName, { minLength: count, maxLength: count, selector: slugify }).map((names) => {
    let next = 0;
    return {
      phases: phases.map(
        ({ modules, ...phase }, index): Phase => ({
          number: index + 1,
          ...phase,
          modules: modules.map(({ ownTestCommand, role, dependsOn, ...module }): Module => {
            const before = names.slice(0, next);
            const name = names[next++] ?? "";
            const deps = before.length === 0 ? [] : [...new Set(dependsOn.map((i) => before[i % before.length] ?? ""))];
            return {
              ...(role === undefined ? {} : { role }),
              name,
              slug: slugify(name),
              paths: module.paths,
              test_command: ownTestCommand ?? phase.test_command,
              instructions: module.instructions,
              fixes: module.fixes,
              depends_on: deps,
            };
          }),
        }),
      ),
    };
  });
});
