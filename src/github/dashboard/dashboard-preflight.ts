import type { TaskRecord } from "../../core/record.js";
import { countFindings, formatFindingsMarkdown } from "../../doctor/format-findings.js";

/**
 * The dashboard's pre-flight section (docs/doctor.md): what the doctor's checks found when the task
 * started, each with its file, line and fix. Nothing when they found nothing to do.
 */
export function preflightSection(r: TaskRecord): string[] {
  const found = formatFindingsMarkdown(r.preflight);
  if (found.length === 0) return [];
  return [
    `**Pre-flight** (${countFindings(r.preflight)}; the checks of \`conductor doctor\`, run when the task started):`,
    "",
    ...found,
    "",
  ];
}
