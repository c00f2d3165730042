/** Runs some work under V8's sampling profiler (node:inspector), in this process. */
import type { Profiler } from "node:inspector";
import { Session } from "node:inspector/promises";

/**
 * 100 µs between samples: a 1 ms event gets about ten. Sampling costs the profiled code a few percent,
 * which the figures include.
 */
export const SAMPLE_INTERVAL_US = 100;

/** The work's result and the profile taken while it ran. */
export async function profiled<T>(work: () => Promise<T>): Promise<{ result: T; profile: Profiler.Profile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: SAMPLE_INTERVAL_US });
    await session.post("Profiler.start");
    const result = await work();
    const { profile } = await session.post("Profiler.stop");
    return { result, profile };
  } finally {
    // Disconnecting also stops a profile left running by a failed `work`.
    session.disconnect();
  }
}
