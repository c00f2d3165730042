import { parsePhases } from "./parse-phases.js";
import type { Plan } from "./plan.js";
import { resolvePlan } from "./resolve-plan.js";
import { bodyLines, findSection } from "./section.js";
import type { SpecError } from "./spec-error.js";

export { hasSpec } from "./section.js";
export { formatSpecError, formatSpecErrors, type SpecError } from "./spec-error.js";

/** Bodies over this many UTF-8 bytes are refused: GitHub caps issue bodies at 65,536 characters. */
export const MAX_SPEC_BYTES = 64 * 1024;

export type ParseSpecResult = { ok: true; plan: Plan } | { ok: false; errors: SpecError[] };

/**
 * Reads the `## Implementation Phases` section of an issue body (DESIGN §3) into a Plan, or returns
 * every problem found, each with its 1-based line in the whole body, in line order. It never stops at
 * the first error: a maintainer fixing a spec should see all of them in one dashboard update.
 */
export function parseSpec(body: string): ParseSpecResult {
  const errors: SpecError[] = [];
  const bytes = new TextEncoder().encode(body).length;
  if (bytes > MAX_SPEC_BYTES) {
    errors.push({ line: 1, message: `the issue body is ${bytes} bytes, over the ${MAX_SPEC_BYTES}-byte limit` });
  }
  const section = findSection(bodyLines(body));
  if (section === null) {
    errors.push({ line: 1, message: 'no "## Implementation Phases" section' });
    return { ok: false, errors };
  }
  for (const repeat of section.repeats) {
    const first = section.heading.number;
    errors.push({
      line: repeat.number,
      message: `a second "## Implementation Phases" section (the first is on line ${first})`,
    });
  }
  const phases = parsePhases(section.lines, errors);
  if (phases.length === 0) {
    errors.push({ line: section.heading.number, message: 'no phases under "## Implementation Phases"' });
  }
  const plan = resolvePlan(phases, errors);
  if (plan === null || errors.length > 0) return { ok: false, errors: sortByLine(errors) };
  return { ok: true, plan };
}

// Array.prototype.sort is stable, so problems on one line keep the order they were found in.
function sortByLine(errors: SpecError[]): SpecError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}
