import { defineTool } from "./define-tool.js";
import { FinishReport } from "./finish-report.js";
import type { ToolContext } from "./tool-context.js";

export const FINISH_DESCRIPTION =
  "Call once when you are done (or cannot go further): report on every brief item by its id. status is FIXED, NO_CHANGE_NEEDED, ALREADY_IMPLEMENTED, PARTIALLY_FIXED or FAILED; changes_made lists each file you changed and how; verification_command is a shell command whose exit code 0 shows the item is done (use the brief's verification when it gives one); hallucination_check is a shell command that exits 0 only if the changes you describe really exist (e.g. grep for the new code). The harness runs both commands and the test command itself after you finish.";

export const FINISH_RECORDED =
  "Recorded. The harness now runs the test command and your commands, then commits and pushes. Stop here.";

/**
 * The report when it covers every brief item exactly once; otherwise throws what is missing, for the
 * model to read. Every engine's `finish` goes through this (engines/claude-code.ts too).
 */
export function acceptFinish(report: FinishReport, itemIds: readonly string[]): FinishReport {
  const ids = report.items.map((item) => item.id);
  const problems = [
    ...itemIds.filter((id) => !ids.includes(id)).map((id) => `no report for item "${id}"`),
    ...ids.filter((id) => !itemIds.includes(id)).map((id) => `"${id}" is not an item of the brief`),
    ...ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `item "${id}" is reported twice`),
  ];
  if (problems.length > 0) {
    throw new Error(`finish not accepted: ${problems.join("; ")}. The items are: ${itemIds.join(", ")}.`);
  }
  return report;
}

/**
 * `finish`: the model's final report. It is accepted only when it covers every brief item exactly once;
 * otherwise the model is told what is missing and tries again. After it, the harness takes over.
 */
export function finishTool(context: ToolContext) {
  return defineTool(context, {
    name: "finish",
    description: FINISH_DESCRIPTION,
    inputSchema: FinishReport,
    run: async (report) => {
      context.onFinish(acceptFinish(report, context.itemIds));
      return FINISH_RECORDED;
    },
  });
}
