import { type ChildProcessByStdio, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { directLauncher, type Launcher, runShell, type ShellRun } from "../shell.js";
import { makeSearchable } from "./make-searchable.js";
import { findPrivilege, type Privilege, privilegePrefix, runPrivileged } from "./privileged.js";

/**
 * The uid and gid commands run as: `nobody`, which owns nothing on a runner. Not the executor's uid,
 * so the kernel itself keeps every file and `/proc` entry of the executor (mode 0400/0600, owned by
 * it) out of reach even if a command found a way to see the host's `/proc` (docs/security.md).
 */
export const SANDBOX_UID = 65534;
export const SANDBOX_GID = 65534;

/** Where every command the model asks for, and every harness command, runs. */
export interface CommandSandbox {
  /** `namespaces`: another uid in fresh PID + mount (+ network) namespaces; `off`: unsafe, opted out. */
  kind: "namespaces" | "off";
  /** One line for logs and the result: what isolates the commands. */
  describe: string;
  /** Runs `command` with bash from the workspace root; never throws for a failing command. */
  run(command: string, options: { timeoutMs: number; maxOutput: number }): Promise<ShellRun>;
  /** Gives the workspace back to the executor's uid before its own git touches it. */
  reclaim(): Promise<void>;
  /**
   * Starts a long-running program (a CLI engine, DESIGN §8) the way commands run: as the sandbox user, in
   * the same namespaces, with the sandbox's environment plus `env`, stdio piped. The caller kills it.
   */
  spawn(file: string, args: readonly string[], env: Record<string, string>): SandboxProcess;
  /** A new directory under `parent` the sandbox user owns and may write; removed by `dispose`. */
  ownedDir(parent: string): Promise<string>;
  /** Makes `dir` and every directory above it searchable by the sandbox user (make-searchable.ts). */
  reach(dir: string): Promise<void>;
  /** Removes the sandbox's home directory and every `ownedDir`. */
  dispose(): Promise<void>;
}

/** A program started by `CommandSandbox.spawn`; `kill` ends it and everything it started. */
export interface SandboxProcess {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  kill(): void;
}

export interface SandboxOptions {
  workspace: string;
  /** The commands' environment, already scrubbed of every secret (scrub-env.ts). */
  env: Record<string, string>;
  /** `executor.sandbox` from the brief: `off` runs commands as the executor (unsafe, documented). */
  policy: "on" | "off";
  /** `executor.network`: `none` adds a network namespace with only a loopback that is down. */
  network: "open" | "none";
  /**
   * Directories covered by an empty tmpfs inside the sandbox: `RUNNER_TEMP`, where the runner keeps
   * each step's script and the files behind GITHUB_ENV / GITHUB_OUTPUT (readable by others once the
   * home directory is searchable), and the artifact directory. Missing ones are skipped.
   */
  hide: readonly string[];
}

export type SandboxSetup = { ok: true; sandbox: CommandSandbox } | { ok: false; reason: string };

/** Sets the sandbox up and proves it works with one command, or says exactly why it cannot be had. */
export async function setupSandbox(options: SandboxOptions): Promise<SandboxSetup> {
  if (options.policy === "off") return { ok: true, sandbox: unsandboxed(options) };
  const found = await findPrivilege(process.getuid?.() ?? -1);
  if (!found.ok) return found;
  const { privilege } = found;
  const prefix = privilegePrefix(privilege);
  const searchable = await makeSearchable(options.workspace, prefix);
  if (!searchable.ok) return searchable;
  const home = await mkdtemp(path.join(tmpdir(), "conductor-sandbox-home-"));
  const owned = await runPrivileged([...prefix, "chown", `${SANDBOX_UID}:${SANDBOX_GID}`, home]);
  if (owned.code !== 0) return { ok: false, reason: `could not give ${home} to the sandbox user: ${owned.output}` };
  const env = { ...options.env, HOME: home, TMPDIR: home, ...SAFE_DIRECTORY };
  const hide: string[] = [];
  const within = (child: string, parent: string) => {
    const rel = path.relative(parent, child);
    return !rel.startsWith("..") && !path.isAbsolute(rel);
  };
  // Shortest first: a directory inside one already covered (the artifact in RUNNER_TEMP) needs nothing
  // more, and could not be a mount point inside the empty tmpfs anyway. One that holds the workspace
  // cannot be covered.
  for (const dir of [...options.hide].map((d) => path.resolve(d)).sort((a, b) => a.length - b.length)) {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory() || within(options.workspace, dir) || hide.some((h) => within(dir, h))) continue;
    hide.push(dir);
  }
  const launcher = namespaceLauncher(privilege, options.network, hide);
  const ownedDirs: string[] = [home];
  const sandbox: CommandSandbox = {
    kind: "namespaces",
    describe: `commands run as uid ${SANDBOX_UID} in fresh PID and mount namespaces${options.network === "none" ? " and a network namespace with no interfaces" : ""} (${privilege.kind})`,
    run: async (command, { timeoutMs, maxOutput }) => {
      // Files the executor's own tools wrote are its; the sandbox user must be able to change them too.
      await runPrivileged([...prefix, "chmod", "-R", "a+rwX", options.workspace]);
      return runShell(command, { cwd: options.workspace, env, timeoutMs, maxOutput, launcher });
    },
    reclaim: async () => {
      const uid = process.getuid?.() ?? 0;
      const gid = process.getgid?.() ?? 0;
      await runPrivileged([...prefix, "chown", "-R", `${uid}:${gid}`, options.workspace]);
      await runPrivileged([...prefix, "chmod", "-R", "u+rwX", options.workspace]);
    },
    spawn: (file, args, extra) => {
      // Synchronously, before the program starts: files the executor wrote must be the sandbox user's too.
      const [chmod = "chmod", ...chmodArgs] = [...prefix, "chmod", "-R", "a+rwX", options.workspace];
      spawnSync(chmod, chmodArgs, { stdio: "ignore" });
      return launch(launcher, options.workspace, { ...env, ...extra }, file, args);
    },
    ownedDir: async (parent) => {
      const dir = await mkdtemp(path.join(parent, "conductor-sandbox-"));
      const chowned = await runPrivileged([...prefix, "chown", `${SANDBOX_UID}:${SANDBOX_GID}`, dir]);
      if (chowned.code !== 0) throw new Error(`could not give ${dir} to the sandbox user: ${chowned.output}`);
      ownedDirs.push(dir);
      return dir;
    },
    reach: async (dir) => {
      const done = await makeSearchable(dir, prefix);
      if (!done.ok) throw new Error(done.reason);
    },
    dispose: async () => {
      for (const dir of ownedDirs) await runPrivileged([...prefix, "rm", "-rf", dir]);
    },
  };
  const probe = await sandbox.run("test -w . && test -r .", { timeoutMs: 30_000, maxOutput: 2000 });
  if (probe.exitCode !== 0) {
    await sandbox.dispose();
    return {
      ok: false,
      reason: `the sandbox could not run a command (exit ${probe.exitCode}): ${probe.output.trim()}`,
    };
  }
  return { ok: true, sandbox };
}

// The workspace's .git belongs to the executor (docs/security.md#git), so git run by the sandbox user
// would refuse it as "dubious ownership" without this.
const SAFE_DIRECTORY = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "safe.directory", GIT_CONFIG_VALUE_0: "*" };

// Run as root inside the new mount namespace, before privileges are dropped: an empty tmpfs over each
// hidden directory (the host's view is unchanged), then the rest of the command line.
const HIDE_THEN_EXEC =
  'n=$1; shift; while [ "$n" -gt 0 ]; do mount -t tmpfs -o size=1m,mode=0755 conductor-hidden "$1" || exit 125; shift; n=$((n-1)); done; exec "$@"';

/**
 * `unshare` (as root) makes fresh PID and mount namespaces with their own `/proc`, then `setpriv`
 * drops to the sandbox user with no capabilities, no way to regain any (`no_new_privs`) and only the
 * given environment (`env -i`). When the command's first process ends, the kernel kills everything
 * else in its PID namespace, so nothing it started outlives it; `--pdeathsig` kills it if `unshare`
 * dies, even after it left our process group.
 */
function namespaceLauncher(privilege: Privilege, network: "open" | "none", hide: readonly string[]): Launcher {
  const prefix = privilegePrefix(privilege);
  return {
    spawnArgs: (bashArgs, env) => {
      const pairs = Object.entries(env).map(([name, value]) => `${name}=${value}`);
      const [file = "unshare", ...args] = [
        ...prefix,
        "unshare",
        "--pid",
        "--fork",
        "--kill-child",
        "--mount",
        "--mount-proc",
        ...(network === "none" ? ["--net"] : []),
        "--",
        "/bin/sh",
        "-c",
        HIDE_THEN_EXEC,
        "sh",
        String(hide.length),
        ...hide,
        "setpriv",
        `--reuid=${SANDBOX_UID}`,
        `--regid=${SANDBOX_GID}`,
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--pdeathsig=KILL",
        "--",
        "env",
        "-i",
        ...pairs,
        "bash",
        ...bashArgs,
      ];
      return { file, args, env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" } };
    },
    kill: (pid) => {
      directLauncher.kill(pid);
      // Under sudo, `unshare` runs as root and a signal from our uid cannot reach it.
      if (privilege.kind === "sudo") spawnSync("sudo", ["-n", "kill", "-KILL", "--", `-${pid}`], { stdio: "ignore" });
    },
  };
}

/** `executor.sandbox: off`: commands run as the executor, with only a scrubbed environment. */
function unsandboxed(options: SandboxOptions): CommandSandbox {
  const owned: string[] = [];
  return {
    kind: "off",
    describe: "commands run unsandboxed as the executor's own user (executor.sandbox: off)",
    run: (command, { timeoutMs, maxOutput }) =>
      runShell(command, { cwd: options.workspace, env: options.env, timeoutMs, maxOutput }),
    reclaim: async () => undefined,
    spawn: (file, args, env) => launch(directLauncher, options.workspace, { ...options.env, ...env }, file, args),
    ownedDir: async (parent) => {
      const dir = await mkdtemp(path.join(parent, "conductor-sandbox-"));
      owned.push(dir);
      return dir;
    },
    reach: async () => undefined,
    dispose: async () => {
      for (const dir of owned) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `file args…` through the launcher's bash (`exec`, so the program is the namespace's first process). */
function launch(
  launcher: Launcher,
  cwd: string,
  env: Record<string, string>,
  file: string,
  args: readonly string[],
): SandboxProcess {
  const spawned = launcher.spawnArgs(["--noprofile", "--norc", "-c", 'exec "$0" "$@"', file, ...args], env);
  const child = spawn(spawned.file, spawned.args, {
    cwd,
    env: spawned.env,
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  return {
    child,
    kill: () => {
      if (child.pid !== undefined) launcher.kill(child.pid);
    },
  };
}
