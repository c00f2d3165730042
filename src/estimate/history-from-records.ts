import { TaskRecord } from "../core/record.js";
import { historySamples } from "./actuals.js";
import type { History } from "./estimate.js";

/** One stored record file as the adapter found it: its parsed JSON (not yet trusted), or why it had none. */
export type StoredRecord = { path: string; json: unknown } | { path: string; problem: string };

/**
 * The history in stored record files (docs/estimates.md#from-history). A file that is not JSON or not a task
 * record (hand-edited, another tool's, a newer format) is skipped with a note naming it and the first
 * problem, never a crash: an estimate is advice, and one bad file must not stop a plan.
 */
export function historyFromRecords(files: readonly StoredRecord[]): History {
  const notes: string[] = [];
  const samples = files.flatMap((file) => {
    if ("problem" in file) {
      notes.push(`${file.path}: skipped, ${file.problem}`);
      return [];
    }
    const parsed = TaskRecord.safeParse(file.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
      notes.push(`${file.path}: skipped, not a task record (${where}${issue?.message ?? "invalid"})`);
      return [];
    }
    return historySamples(parsed.data);
  });
  return { samples, notes };
}
