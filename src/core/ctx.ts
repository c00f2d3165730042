import type { Config } from "../config/schema.js";
import type { Effect } from "./effects.js";

/**
 * What `transition` may know besides the record and the event. The core never reads the clock or the
 * environment; the adapter passes them here.
 */
export type Ctx = {
  /** The time of this transition, in milliseconds since the epoch. */
  now: number;
  /**
   * The configuration the adapter just loaded (already validated). The core copies it into the record
   * when a task starts, resumes or is retried; in between it decides with the record's snapshot, so a
   * config edit never changes a running attempt.
   */
  config: Config;
};

/** What `transition` returns: the next record and the effects it newly decided. */
export type Transition<R> = {
  record: R;
  effects: Effect[];
};
