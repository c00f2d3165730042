import type { Conductor } from "./conductor.js";
import type { Log } from "./log.js";

/** How long a shutdown waits for queued reconciles; platforms kill a stopping process after ~30 s. */
export const SHUTDOWN_GRACE_MS = 25_000;

/**
 * On SIGTERM/SIGINT: stop the sweep, let the queued reconciles finish (so a deploy does not cut a task
 * between performing an effect and saving that it was done), then exit. Nothing is lost if the grace
 * period runs out: the outbox keeps what was not marked done and the next start performs it.
 */
export function drainOnShutdown(conductor: Conductor, signals: readonly NodeJS.Signals[], log: Log): void {
  for (const signal of signals) {
    process.once(signal, () => {
      log.info({ signal }, "stopping: waiting for queued reconciles");
      conductor.stop();
      const timer = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS);
      timer.unref();
      void conductor.idle().then(() => process.exit(0));
    });
  }
}
