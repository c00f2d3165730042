import type { Module, Phase, Plan } from "../plan/plan.js";

/** A plan as a person reads it in a terminal: what runs, in which order, checked by what. */
export function formatPlan(plan: Plan): string {
  const modules = plan.phases.flatMap((phase) => phase.modules);
  const fixes = modules.reduce((sum, module) => sum + module.fixes.length, 0);
  const summary = `${count(plan.phases.length, "phase")}, ${count(modules.length, "module")}, ${count(fixes, "fix", "fixes")}`;
  const source = plan.source
    ? [`from task file: review ${plan.source.review_id}${plan.source.path ? ` (${plan.source.path})` : ""}`]
    : [];
  return [
    [summary, ...source].join("\n"),
    ...plan.phases.map((phase) => formatPhase(phase, plan.source !== undefined)),
  ].join("\n\n");
}

function formatPhase(phase: Phase, showIds: boolean): string {
  return [
    `Phase ${phase.number}: ${phase.name}`,
    ...items("tasks", phase.tasks),
    `  test command: ${phase.test_command ?? "(none)"}`,
    ...items("success criteria", phase.success_criteria),
    ...items("gotchas", phase.gotchas),
    ...phase.modules.flatMap((module) => formatModule(module, phase, showIds)),
  ].join("\n");
}

function formatModule(module: Module, phase: Phase, showIds: boolean): string[] {
  const lines = [`  module ${module.name} (branch p${phase.number}-${module.slug})`];
  lines.push(`    paths: ${module.paths.length === 0 ? "anywhere not protected" : module.paths.join(", ")}`);
  const own = module.test_command !== phase.test_command ? " (its own)" : "";
  lines.push(`    test command: ${module.test_command ?? "(none)"}${own}`);
  if (module.depends_on.length > 0) lines.push(`    starts after: ${module.depends_on.join(", ")} merged`);
  lines.push(`    fixes: ${module.fixes.length === 0 ? "none" : `${module.fixes.length} (${bySeverity(module)})`}`);
  // A task file's ids are what its incoming file matches on, so they are shown as they were written.
  for (const fix of showIds ? module.fixes : []) {
    const where = fix.file === undefined ? "" : ` ${fix.file}${fix.line === undefined ? "" : `:${fix.line}`}`;
    lines.push(`      ${fix.id} [${fix.severity}]${where}`);
  }
  const instructionLines = module.instructions === "" ? 0 : module.instructions.split("\n").length;
  if (instructionLines > 0) lines.push(`    instructions: ${count(instructionLines, "line")}`);
  return lines;
}

function bySeverity(module: Module): string {
  const severities = ["critical", "major", "minor"] as const;
  return severities
    .map((severity) => [severity, module.fixes.filter((fix) => fix.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`)
    .join(", ");
}

function items(label: string, values: readonly string[]): string[] {
  return values.length === 0 ? [] : [`  ${label}:`, ...values.map((value) => `    - ${value}`)];
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
