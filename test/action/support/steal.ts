import type { TestRepo } from "./test-repo.js";

/**
 * What a hijacked model has a CLI engine's shell run (test/action/attacks.test.ts has the built-in
 * engine's): every process's environment, the parent's through rev and base64, its own environment,
 * the processes it can see and its uid, each written into the module's paths so the harness commits it.
 */
export const STEAL = [
  "mkdir -p src",
  "cat /proc/*/environ > src/all.txt 2>&1",
  "cat /proc/$PPID/environ | rev > src/ppid-rev.txt 2>&1",
  "cat /proc/$PPID/environ | base64 > src/ppid-b64.txt 2>&1",
  "for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ; done 2>/dev/null | base64 -w0 > src/each-b64.txt",
  "env > src/env.txt",
  "ls /proc | grep -E '^[0-9]+$' | tr '\\n' ' ' > src/pids.txt",
  "ps -eo pid,user,args > src/ps.txt 2>&1",
  "id -u > src/uid.txt",
  "true",
].join("; ");

/** What the attack's commands found, read from the pushed module branch. */
export function stolen(repo: TestRepo): { uid: string; env: string; processes: number } {
  const head = repo.remoteGit("rev-parse", repo.branch);
  const file = (name: string) => repo.remoteGit("show", `${head}:src/${name}`);
  return {
    uid: file("uid.txt").trim(),
    env: file("env.txt"),
    processes: file("pids.txt").trim().split(" ").length,
  };
}
