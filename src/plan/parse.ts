import { describeOverlap, findOverlaps } from "./overlaps.js";
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
  return readSpec(body).result;
}

/**
 * What a valid spec may still get wrong (DESIGN §3 allows it, a maintainer should know): modules of one
 * phase whose `Paths` overlap, each warning on the later module's line and naming the earlier's
 * (docs/spec-format.md#overlapping-paths). No warnings for a spec with errors.
 */
export function specWarnings(body: string): SpecError[] {
  const { result, lines } = readSpec(body);
  if (!result.ok) return [];
  return findOverlaps(result.plan).map((overlap) => {
    const first = lines.get(overlap.first) ?? 1;
    return {
      line: lines.get(overlap.second) ?? 1,
      message: `${describeOverlap(overlap)}; "${overlap.first}" is on line ${first}. They run one after the other, in plan order, unless limits.overlap is parallel`,
    };
  });
}

function readSpec(body: string): { result: ParseSpecResult; lines: Map<string, number> } {
  const lines = new Map<string, number>();
  return { result: parseInto(body, lines), lines };
}

function parseInto(body: string, lines: Map<string, number>): ParseSpecResult {
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
  const plan = resolvePlan(phases, errors, lines);
  if (plan === null || errors.length > 0) return { ok: false, errors: sortByLine(errors) };
  return { ok: true, plan };
}

// Array.prototype.sort is stable, so problems on one line keep the order they were found in.
function sortByLine(errors: SpecError[]): SpecError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}
