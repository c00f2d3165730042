import type { TaskRecord } from "../../core/record.js";
import { isTerminal } from "../../core/step.js";
import type { RepoRef } from "../octokit/client.js";
import { taskKey } from "../reconcile/task-env.js";

/** A task the sweep ticks, and how to reach it. */
export type ActiveTask = { installationId: number; repo: RepoRef; issue: number };

/**
 * The tasks this process knows to be unfinished. Only a hint for the sweep: it is rebuilt from GitHub
 * after a restart (issues labelled `conductor:running`) and kept current by every reconcile.
 */
export class ActiveTasks {
  readonly #tasks = new Map<string, ActiveTask>();

  /** Notes the outcome of a reconcile: unfinished tasks are ticked, finished or unknown ones no longer. */
  note(task: ActiveTask, record: TaskRecord | null): void {
    const key = taskKey(task.repo, task.issue);
    if (record && !isTerminal(record)) this.#tasks.set(key, task);
    else this.#tasks.delete(key);
  }

  add(task: ActiveTask): void {
    this.#tasks.set(taskKey(task.repo, task.issue), task);
  }

  list(): ActiveTask[] {
    return [...this.#tasks.values()];
  }
}
