import type { Log } from "../reconcile/log.js";
import type { Conductor } from "./conductor.js";

/** How long a shutdown waits for queued reconciles; platforms kill a stopping process after ~30 s. */
export const SHUTDOWN_GRACE_MS = 25_000;

/** What a shutdown touches outside the app; tests pass fakes (no real signal handlers, no exit). */
export interface ShutdownHost {
  /** Registers a one-time signal handler (`process.once`). */
  once(signal: NodeJS.Signals, handler: () => void): void;
  /** Ends the process (`process.exit`). */
  exit(code: number): void;
  /** Grace period in ms. */
  graceMs: number;
}

const processHost: ShutdownHost = {
  once: (signal, handler) => void process.once(signal, handler),
  exit: (code) => process.exit(code),
  graceMs: SHUTDOWN_GRACE_MS,
};

/**
 * Stops the app gracefully: webhooks are refused from now on (503, so GitHub shows the delivery as failed
 * and it can be redelivered), the sweep stops, the queued reconciles finish and then the steps they
 * hold in memory are written (`flush`), so a deploy does not cut a task between performing an effect and
 * saving that it was done. Then `exit(0)`; after `graceMs`,
 * `exit(1)` regardless. Nothing is lost either way: the outbox keeps what was not marked done and the
 * next start performs it. Resolves with the exit code (once; later calls return the same promise).
 */
export function createShutdown(conductor: Conductor, log: Log, host: ShutdownHost = processHost) {
  let stopping: Promise<number> | undefined;
  return (signal: string): Promise<number> => {
    stopping ??= new Promise<number>((resolve) => {
      log.info({ signal, busy: conductor.busy }, "stopping: refusing webhooks, waiting for queued reconciles");
      conductor.stop();
      const timer = setTimeout(() => {
        log.warn({ busy: conductor.busy }, "grace period over; the outbox resumes what was left");
        resolve(1);
      }, host.graceMs);
      timer.unref();
      // The reconciles in flight finish first, then what they left held is written.
      void (async () => {
        const errors = await conductor.idle();
        conductor.flush();
        return [...errors, ...(await conductor.idle())];
      })().then((errors) => {
        clearTimeout(timer);
        log.info({ errors: errors.length }, "queued reconciles finished; exiting");
        resolve(0);
      });
    }).then((code) => {
      host.exit(code);
      return code;
    });
    return stopping;
  };
}

/** On each of `signals` (SIGTERM, SIGINT), runs the graceful shutdown above. */
export function drainOnShutdown(
  conductor: Conductor,
  signals: readonly NodeJS.Signals[],
  log: Log,
  host: ShutdownHost = processHost,
): (signal: string) => Promise<number> {
  const shutdown = createShutdown(conductor, log, host);
  for (const signal of signals) host.once(signal, () => void shutdown(signal));
  return shutdown;
}
