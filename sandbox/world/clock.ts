/** The world's clock: every part of the world (sandbox, app, executor) reads the same one. */
export interface WorldClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Moves time on by `ms` (the world does this when it waits for sweeps, backoffs and timeouts). */
  advance(ms: number): void;
}

/**
 * A clock that stands still except for one millisecond per reading (so timestamps stay ordered) and
 * what `advance` adds: simulated time, independent of how fast the machine is.
 */
export function manualClock(start = Date.UTC(2025, 0, 6, 9, 0, 0)): WorldClock {
  let now = start;
  return {
    now: () => {
      now += 1;
      return now;
    },
    advance: (ms) => {
      now += Math.max(0, Math.floor(ms));
    },
  };
}
