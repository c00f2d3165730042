import { splitList } from "./classify.js";
import { renderFix } from "./parse-fix.js";
import type { Module, Phase, Plan } from "./plan.js";

/**
 * Writes a plan in the spec format (DESIGN §3), starting with `## Implementation Phases`, so the
 * dashboard shows a plan a maintainer can copy into the issue body. `parseSpec(renderSpec(p))` gives
 * `p` back for every plan the format can carry; what it cannot carry:
 * - line breaks in one-line fields (they are written as spaces), and in module instructions any line
 *   that reads as a heading, a key or a fence outside a fenced block;
 * - a module with a null test command in a phase that has one (it reads back as the phase's);
 * - a fix `line` without a `file`, and fix ids other than `fix-1`, `fix-2`, … (ids are positional).
 */
export function renderSpec(plan: Plan): string {
  const blocks = plan.phases.map((phase) => renderPhase(flatPhase(phase)));
  return `## Implementation Phases\n\n${blocks.join("\n\n")}\n`;
}

function renderPhase(phase: Phase): string {
  const lines = [`### Phase ${phase.number}: ${phase.name}`, ...bullets(phase.tasks)];
  lines.push(`Modules: ${phase.modules.map((module) => module.name).join(", ")}`);
  if (phase.test_command !== null) lines.push(`Test Command: ${phase.test_command}`);
  lines.push(...list("Success Criteria", phase.success_criteria), ...list("Gotchas", phase.gotchas));
  const sections = phase.modules.flatMap((module) => renderModule(module, phase.test_command));
  return [lines.join("\n"), ...sections].join("\n\n");
}

/** A section only when the module differs from what its phase line already says. */
function renderModule(module: Module, phaseTestCommand: string | null): string[] {
  const lines: string[] = [];
  if (module.paths.length > 0) lines.push(...renderPaths(module.paths));
  if (module.test_command !== null && module.test_command !== phaseTestCommand) {
    lines.push(`Test Command: ${module.test_command}`);
  }
  if (module.role !== undefined) lines.push(`Role: ${module.role}`);
  lines.push(...list("Fixes", module.fixes.map(renderFix)));
  if (module.depends_on.length > 0) lines.push(renderDependsOn(module.depends_on));
  if (lines.length === 0 && module.instructions === "") return [];
  const head = [`#### Module: ${module.name}`, ...lines].join("\n");
  // The blank line ends the last list, so instructions that start with a bullet stay instructions.
  return [module.instructions === "" ? head : `${head}\n\n${module.instructions}`];
}

// Inline is easier to read; when the comma list would not read back the same (`docs/a,b.md`, an
// unbalanced `{`), a bullet list carries any path.
function renderPaths(paths: readonly string[]): string[] {
  const inline = paths.join(", ");
  const same = splitList(inline).length === paths.length && splitList(inline).every((path, i) => path === paths[i]);
  return same ? [`Paths: ${inline}`] : ["Paths:", ...bullets(paths)];
}

// Module names hold no comma (the `Modules:` line is comma separated), so the inline list reads back.
function renderDependsOn(names: readonly string[]): string {
  return `Depends on: ${names.join(", ")}`;
}

function list(label: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : [`${label}:`, ...bullets(items)];
}

function bullets(items: readonly string[]): string[] {
  return items.map((item) => `- ${item}`);
}

// A planner's plan may hold a line break in a one-line field; written as is, it would start a new
// line of the spec (a stray bullet, or a key), so it becomes a space.
function flat(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

function flatPhase(phase: Phase): Phase {
  const test_command = phase.test_command === null ? null : flat(phase.test_command);
  return {
    ...phase,
    name: flat(phase.name),
    tasks: phase.tasks.map(flat),
    test_command,
    success_criteria: phase.success_criteria.map(flat),
    gotchas: phase.gotchas.map(flat),
    modules: phase.modules.map((module) => ({
      ...module,
      name: flat(module.name),
      depends_on: module.depends_on.map(flat),
      paths: module.paths.map(flat),
      test_command: module.test_command === null ? null : flat(module.test_command),
      fixes: module.fixes.map((item) => ({
        ...item,
        ...(item.file === undefined ? {} : { file: flat(item.file) }),
        issue: flat(item.issue),
        fix: flat(item.fix),
        verification: flat(item.verification),
      })),
    })),
  };
}
