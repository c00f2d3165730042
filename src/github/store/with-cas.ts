import type { TaskStore } from "./store.js";

/** The store kept answering "conflict": other writers are winning every race. */
export class CasConflictError extends Error {
  override readonly name = "CasConflictError";
  constructor(
    readonly issue: number,
    readonly attempts: number,
    readonly lastReason: string,
  ) {
    super(`task #${issue}: the record changed under us ${attempts} times in a row (last: ${lastReason}); gave up`);
  }
}

export type CasOutcome<T> = {
  /** The record now stored (or the unchanged one when `mutate` returned `undefined`). */
  record: T | null;
  version: string | null;
  /** How many times `mutate` ran (1 when there was no conflict). */
  attempts: number;
  saved: boolean;
};

/**
 * Load → `mutate` → save, repeated on conflict: each retry reloads the record and re-applies `mutate`
 * to what the other writer stored, so no update is lost. `mutate` must therefore be a pure function of
 * the record it is given (the core's `transition` is); return `undefined` to write nothing. Whatever else
 * `mutate` computes (e.g. the effects) should be captured from its last run. Retries are immediate: a
 * conflict means the other write already finished, so the reload sees it; `maxRetries` (default 5)
 * bounds a pathological race, after which `CasConflictError` is thrown.
 */
export async function withCas<T>(
  store: TaskStore<T>,
  issue: number,
  mutate: (current: T | null, attempt: number) => T | undefined | Promise<T | undefined>,
  options: { maxRetries?: number } = {},
): Promise<CasOutcome<T>> {
  const maxRetries = options.maxRetries ?? 5;
  let lastReason = "";
  for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
    const loaded = await store.load(issue);
    const next = await mutate(loaded?.record ?? null, attempt);
    if (next === undefined) {
      return { record: loaded?.record ?? null, version: loaded?.version ?? null, attempts: attempt, saved: false };
    }
    const result = await store.save(issue, next, loaded?.version ?? null);
    if (result.ok) return { record: next, version: result.version, attempts: attempt, saved: true };
    lastReason = result.reason;
  }
  throw new CasConflictError(issue, maxRetries + 1, lastReason);
}
