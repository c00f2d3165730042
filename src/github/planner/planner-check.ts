import { formatSpecError, parseSpec } from "../../plan/parse.js";
import { type Plan, PlannerPlan } from "../../plan/plan.js";
import { renderSpec } from "../../plan/render.js";
import { slugify } from "../../plan/slug.js";

/** The planner's answer, checked: the plan that will run, or every problem in words the model can act on. */
export type PlanCheck = { ok: true; plan: Plan } | { ok: false; errors: string[] };

/**
 * Checks the model's JSON against the `Plan` schema, then the rules the schema cannot state, by rendering
 * the plan in the spec format and parsing it back (so duplicate modules, slug clashes and phase numbering
 * are judged by the same parser that reads hand-written specs). The plan returned is the one read back:
 * what the dashboard shows is exactly what runs.
 *
 * Normalized rather than refused, because the spec format derives them and cannot carry them: slugs
 * (always `slugify(name)`), fix ids (`fix-1`, `fix-2`, … by position), and line breaks in one-line texts.
 */
export function checkPlanText(text: string, maxModules?: number): PlanCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`the answer is not JSON: ${error instanceof Error ? error.message : error}`] };
  }
  const parsed = PlannerPlan.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join(".") || "plan"}: ${issue.message}`),
    };
  }
  const plan = normalize(parsed.data);
  const count = plan.phases.reduce((sum, phase) => sum + phase.modules.length, 0);
  const errors: string[] = [];
  if (maxModules !== undefined && count > maxModules) {
    errors.push(`the plan has ${count} modules; at most ${maxModules} are allowed: merge some`);
  }
  const rendered = renderSpec(plan);
  const back = parseSpec(rendered);
  if (!back.ok) {
    const lines = rendered.split("\n");
    errors.push(...back.errors.map((error) => `${formatSpecError(error)} (in "${lines[error.line - 1] ?? ""}")`));
  }
  if (!back.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, plan: back.plan };
}

const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, " ").trim();

function normalize(plan: Plan): Plan {
  return {
    phases: plan.phases.map((phase) => ({
      ...phase,
      name: oneLine(phase.name),
      tasks: phase.tasks.map(oneLine),
      test_command: phase.test_command === null ? null : oneLine(phase.test_command),
      success_criteria: phase.success_criteria.map(oneLine),
      gotchas: phase.gotchas.map(oneLine),
      modules: phase.modules.map((module) => ({
        ...module,
        name: oneLine(module.name),
        slug: slugify(oneLine(module.name)),
        paths: module.paths.map(oneLine),
        test_command: module.test_command === null ? null : oneLine(module.test_command),
        instructions: module.instructions.trim(),
        fixes: module.fixes.map((fix, index) => ({
          ...fix,
          id: `fix-${index + 1}`,
          issue: oneLine(fix.issue),
          fix: oneLine(fix.fix),
          verification: oneLine(fix.verification),
        })),
      })),
    })),
  };
}
