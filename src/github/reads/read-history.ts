import type { History } from "../../estimate/estimate.js";
import { historyFromRecords, type StoredRecord } from "../../estimate/history-from-records.js";
import type { TaskEnv } from "../reconcile/task-env.js";
import { createTaskStore, taskPath } from "../store/store.js";
import { UnreadableRecordError } from "../unreadable/unreadable-record-error.js";

/**
 * How many of the newest other tasks an estimate reads (docs/estimates.md#from-history): one request each
 * (conditional, so a repeat is a free 304), plus one listing; enough finished modules for the percentiles
 * without reading a busy repository's whole past on every plan.
 */
export const HISTORY_TASKS = 20;

/**
 * The repository's own history for an estimate: the records on `conductor/state` of the newest
 * `HISTORY_TASKS` tasks other than this one. A record that cannot be read is a note, and so is a failed
 * listing: the estimate then falls back to the priors, and the plan goes on.
 */
export async function readHistory(env: TaskEnv): Promise<History> {
  const store = createTaskStore<unknown>(env.octokit, env.repo, { cache: env.deps.storeCache });
  let issues: number[];
  try {
    issues = await store.list();
  } catch (error) {
    return { samples: [], notes: [`the task records could not be listed: ${message(error)}`] };
  }
  const newest = issues.filter((n) => n !== env.issue).slice(-HISTORY_TASKS);
  const files: StoredRecord[] = [];
  for (const issue of newest) {
    const path = taskPath(issue);
    try {
      const loaded = await store.load(issue);
      if (loaded) files.push({ path, json: loaded.record });
    } catch (error) {
      files.push({ path, problem: problemOf(error) });
    }
  }
  return historyFromRecords(files);
}

/**
 * The store names what is wrong with a broken file (`not JSON at line 1, column 3: …`); anything else is a
 * failed read.
 */
const problemOf = (error: unknown): string =>
  error instanceof UnreadableRecordError
    ? error.problems.join("; ").slice(0, 200)
    : error instanceof SyntaxError
      ? "not JSON"
      : `unreadable (${message(error)})`;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 200);
