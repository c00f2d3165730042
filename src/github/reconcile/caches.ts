import type { Event } from "../../core/events.js";
import type { TaskRecord } from "../../core/record.js";
import type { Result } from "../../protocol/result.js";

/** Effects performed (their ids) and the events that followed: one step of a reconcile, applied in order. */
export interface Round {
  done: string[];
  events: Event[];
}

/** A task's steps not written yet, and the record they make on the stored version `version`. */
export interface Held {
  rounds: Round[];
  version: string;
  record: TaskRecord;
}

/**
 * What the app remembers between reconciles to save requests. None of it is state: after a restart every
 * entry is found again on GitHub (DESIGN §7 "the app keeps nothing that a restart may lose").
 */
export interface AppCaches {
  /** Dashboard comment id per task (`owner/repo#issue`); the comment is otherwise found by its marker. */
  dashboards: Map<string, number>;
  /** The body this process last wrote into each task's dashboard, so an unchanged one is not edited again. */
  dashboardBodies: Map<string, string>;
  /** Status labels already created with their colour in a repository (`owner/repo:label`). */
  labels: Map<string, true>;
  /** Result comments seen in webhooks, by comment id, so `conductor/verify` need not read them again. */
  results: Map<number, Result>;
  /** Effects performed without a task record (a refusal, a config error), by id: a redelivery repeats none. */
  performed: Map<string, true>;
  /** Failed performances per effect id, so an effect GitHub keeps refusing is given up (see `reconcile`). */
  failures: Map<string, number>;
  /**
   * Per task, the steps taken since its record was last written, in order (src/github/reconcile/held-writes.ts).
   * Losing it (a restart, an eviction) loses no work: the record still lists those effects as pending, and
   * performing them again finds what was done (every effect is idempotent), while the facts come back with
   * the next event or sweep.
   */
  unsaved: Map<string, Held>;
  /**
   * Per task, the blob SHA of the unreadable record this process already noticed (docs/troubleshooting.md#the-record-is-unreadable),
   * so the notice is looked up and the problem logged once, not on every event.
   */
  unreadable: Map<string, string>;
}

export const createCaches = (): AppCaches => ({
  dashboards: new Map(),
  dashboardBodies: new Map(),
  labels: new Map(),
  results: new Map(),
  performed: new Map(),
  failures: new Map(),
  unsaved: new Map(),
  unreadable: new Map(),
});

/** Bounds of the caches above. */
export const CACHE_LIMITS = {
  dashboards: 2_000,
  dashboardBodies: 200,
  labels: 2_000,
  results: 200,
  performed: 5_000,
  failures: 1_000,
  unsaved: 2_000,
  unreadable: 2_000,
} as const;
