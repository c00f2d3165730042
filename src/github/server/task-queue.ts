/**
 * The per-task in-process lock (DESIGN §7 "take the task's in-process lock"): jobs for one task run one
 * after another, jobs for different tasks run side by side. Webhook handlers only enqueue, so a delivery is
 * answered at once and a slow reconcile never turns into a failed delivery (GitHub gives a delivery 10 s).
 *
 * Jobs that read the same thing (e.g. the checks of one head SHA, reported by a burst of check_run events)
 * may share a `coalesce` key: while one such job waits in a task's queue, another with the same key is
 * dropped, since the waiting one will read the newer state anyway.
 *
 * A failing job is logged by its owner and recorded here; it never blocks the jobs after it.
 */
export interface TaskQueue {
  /** Runs `job` after every job already queued for `key`. */
  enqueue(key: string, job: () => Promise<void>, coalesce?: string): void;
  /** Tracks work that is not tied to a task yet (e.g. finding the task of a PR comment). */
  track(work: Promise<void>): void;
  /** Resolves when nothing is queued or running; returns the errors thrown since the last call. */
  idle(): Promise<unknown[]>;
  /** Number of tasks with queued or running jobs. */
  readonly busy: number;
}

export function createTaskQueue(onError: (error: unknown) => void = () => {}): TaskQueue {
  const tails = new Map<string, Promise<void>>();
  const waiting = new Map<string, Set<string>>();
  const loose = new Set<Promise<void>>();
  let errors: unknown[] = [];

  const fail = (error: unknown) => {
    errors.push(error);
    onError(error);
  };

  return {
    enqueue(key, job, coalesce) {
      const pending = waiting.get(key) ?? new Set<string>();
      if (coalesce !== undefined) {
        if (pending.has(coalesce)) return;
        pending.add(coalesce);
        waiting.set(key, pending);
      }
      const run = async () => {
        if (coalesce !== undefined) pending.delete(coalesce);
        await job();
      };
      const tail = (tails.get(key) ?? Promise.resolve()).then(run).catch(fail);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) {
          tails.delete(key);
          if (pending.size === 0) waiting.delete(key);
        }
      });
    },
    track(work) {
      const tracked = work.catch(fail);
      loose.add(tracked);
      void tracked.then(() => loose.delete(tracked));
    },
    async idle() {
      while (tails.size > 0 || loose.size > 0) {
        await Promise.all([...tails.values(), ...loose]);
        // Let the bookkeeping `.then`s above run before looking again.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const seen = errors;
      errors = [];
      return seen;
    },
    get busy() {
      return tails.size;
    },
  };
}
