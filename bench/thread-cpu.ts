/**
 * CPU time of this process's main thread, in µs, or `null` where Linux's schedstat is not available.
 * `process.cpuUsage` counts every thread (GC helpers, the compiler, libuv's pool) and `threadCpuUsage`
 * needs Node 23.9; and under load a profiler's sample intervals are wall time, longer than the CPU time
 * when the thread waits for a core. The first field of schedstat is the time on a CPU, in ns.
 */
import { readFileSync } from "node:fs";

const path = `/proc/self/task/${process.pid}/schedstat`;

export function mainThreadCpu(): number | null {
  try {
    const ns = Number(readFileSync(path, "utf8").split(" ")[0]);
    return Number.isFinite(ns) ? ns / 1000 : null;
  } catch {
    return null;
  }
}
