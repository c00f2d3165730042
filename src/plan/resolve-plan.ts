import { unquote } from "./classify.js";
import { FIX_FORM, parseFix } from "./parse-fix.js";
import type { Located, RawPhase, RawSection } from "./parse-phases.js";
import type { Module, Phase, Plan } from "./plan.js";
import { type Listed, resolveDependencies } from "./resolve-dependencies.js";
import { slugify } from "./slug.js";
import type { SpecError } from "./spec-error.js";

/**
 * The checks that need the whole section (numbering, modules across phases, sections to modules),
 * then the Plan. Returns null when any error was found here or before.
 */
export function resolvePlan(
  phases: readonly RawPhase[],
  errors: SpecError[],
  /** Filled with each module's `Paths:` line, or where its phase lists it: what a warning points at. */
  lines: Map<string, number> = new Map(),
): Plan | null {
  const error = (line: number, message: string) => errors.push({ line, message });
  const real = phases.filter((phase) => !phase.bogus);
  checkNumbers(real, error);
  const byName = new Map<string, Listed>();
  const bySlug = new Map<string, Listed>();
  for (const phase of real) {
    if (phase.modules.length === 0) error(phase.line, `phase ${phase.number} lists no modules`);
    for (const { value: name, line } of phase.modules) {
      const problem = listingProblem(name, phase, byName, bySlug);
      if (problem !== null) {
        error(line, problem);
        continue;
      }
      const listed = { name, phase, line, section: null };
      byName.set(name, listed);
      bySlug.set(slugify(name), listed);
    }
  }
  for (const phase of phases) {
    for (const section of phase.sections) {
      checkSection(section, error);
      if (phase.bogus || section.bogus) continue;
      // A section may name its module by slug: `#### Module: gRPC service` for `grpc-service`.
      const listed = byName.get(section.name) ?? bySlug.get(slugify(section.name));
      const problem = sectionProblem(section, phase, listed);
      if (problem !== null) error(section.line, problem);
      else if (listed !== undefined) listed.section = section;
    }
  }
  // A dependency may name a module by slug too, as a section may.
  const find = (name: string) => byName.get(name) ?? bySlug.get(slugify(name));
  const deps = resolveDependencies([...byName.values()], find, error);
  for (const listed of byName.values()) lines.set(listed.name, listed.section?.keys.get("paths") ?? listed.line);
  if (errors.length > 0) return null;
  return { phases: real.map((phase) => toPhase(phase, byName, deps)) };
}

function listingProblem(
  name: string,
  phase: RawPhase,
  byName: ReadonlyMap<string, Listed>,
  bySlug: ReadonlyMap<string, Listed>,
): string | null {
  const seen = byName.get(name);
  const slug = slugify(name);
  const clash = bySlug.get(slug);
  if (seen?.phase === phase) return `phase ${phase.number} lists module "${name}" twice`;
  if (seen !== undefined) return `phase ${phase.number} lists module "${name}", already in phase ${seen.phase.number}`;
  if (slug === "") return `module "${name}" needs a letter or digit for its branch name`;
  // Two names, one branch: `conductor/<issue>/p<n>-<slug>` must tell modules apart.
  if (clash !== undefined) {
    return `module "${name}" has the same slug "${slug}" as module "${clash.name}" of phase ${clash.phase.number}`;
  }
  return null;
}

function sectionProblem(section: RawSection, phase: RawPhase, listed: Listed | undefined): string | null {
  if (listed === undefined) return `section for module "${section.name}", but no phase lists it`;
  if (listed.phase !== phase) {
    return `module "${listed.name}" is in phase ${listed.phase.number}, but its section is under phase ${phase.number}`;
  }
  if (listed.section !== null) {
    return `module "${listed.name}" has a second section (the first is on line ${listed.section.line})`;
  }
  return null;
}

function checkNumbers(phases: readonly RawPhase[], error: (line: number, message: string) => void): void {
  const seen = new Map<number, RawPhase>();
  let highest = 0;
  for (const phase of phases) {
    const problem = numberProblem(phase, seen, highest);
    const number = Number(phase.number);
    if (problem !== null) error(phase.line, problem);
    if (Number.isSafeInteger(number) && number >= 1 && !seen.has(number)) seen.set(number, phase);
    highest = Math.max(highest, seen.has(number) ? number : 0);
  }
  // Gaps are reported once per run of missing numbers, on the phase that follows the run.
  let previous = 0;
  for (const number of [...seen.keys()].sort((a, b) => a - b)) {
    const line = seen.get(number)?.line ?? 1;
    if (number === previous + 2) error(line, `phase ${previous + 1} is missing`);
    if (number > previous + 2) error(line, `phases ${previous + 1} to ${number - 1} are missing`);
    previous = number;
  }
}

function numberProblem(phase: RawPhase, seen: ReadonlyMap<number, RawPhase>, highest: number): string | null {
  const number = Number(phase.number);
  const first = seen.get(number);
  if (!Number.isSafeInteger(number) || number < 1) return `phase ${phase.number}: phases are numbered from 1`;
  if (first !== undefined) return `phase ${number} appears twice (the first is on line ${first.line})`;
  if (number < highest) return `phase ${number} comes after phase ${highest}: phases must be in order`;
  return null;
}

function checkSection(section: RawSection, error: (line: number, message: string) => void): void {
  const pathsLine = section.keys.get("paths");
  if (pathsLine !== undefined && section.paths.length === 0) error(pathsLine, `"Paths:" lists no paths`);
  section.fixes.forEach((fix, index) => {
    const parsed = parseFix(fix.value, `fix-${index + 1}`);
    if (parsed.ok) return;
    error(fix.line, `fix in module "${section.name}" does not parse (${parsed.reason}): expected "${FIX_FORM}"`);
  });
}

function toPhase(
  phase: RawPhase,
  byName: ReadonlyMap<string, Listed>,
  deps: ReadonlyMap<string, readonly string[]>,
): Phase {
  const testCommand = phase.testCommand?.value ?? null;
  return {
    number: Number(phase.number),
    name: phase.name,
    tasks: values(phase.tasks),
    modules: phase.modules.map(({ value: name }) =>
      toModule(name, byName.get(name)?.section ?? null, testCommand, deps.get(name) ?? []),
    ),
    test_command: testCommand,
    success_criteria: values(phase.successCriteria),
    gotchas: values(phase.gotchas),
  };
}

function toModule(
  name: string,
  section: RawSection | null,
  phaseTestCommand: string | null,
  dependsOn: readonly string[],
): Module {
  const fixes = (section?.fixes ?? []).flatMap((fix, index) => {
    const parsed = parseFix(fix.value, `fix-${index + 1}`);
    return parsed.ok ? [parsed.item] : [];
  });
  return {
    name,
    slug: slugify(name),
    // One pair of backticks around a path goes in both forms: the comma list unquoted already, the bullet
    // list did not, and a glob with backticks in it matches nothing.
    paths: values(section?.paths ?? []).map(unquote),
    test_command: section?.testCommand?.value ?? phaseTestCommand,
    instructions: (section?.text ?? []).join("\n").trim(),
    fixes,
    ...(section?.role ? { role: section.role.value } : {}),
    depends_on: [...dependsOn],
  };
}

function values(list: readonly Located<string>[]): string[] {
  return list.map((item) => item.value);
}
