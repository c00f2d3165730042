import { spawn } from "node:child_process";

/** How a shell command ended. */
export interface ShellRun {
  exitCode: number;
  /** stdout and stderr interleaved as they came; the middle of long output is dropped. */
  output: string;
  timedOut: boolean;
  /** Characters of output dropped from the middle. */
  dropped: number;
}

export interface ShellOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Characters of output kept (half from the start, half from the end). */
  maxOutput: number;
  /** How `bash` is started; the command sandbox wraps it (sandbox/command-sandbox.ts). Default: directly. */
  launcher?: Launcher;
}

/** Starts `bash -c command` (possibly inside something) and kills all it started. */
export interface Launcher {
  spawnArgs(bashArgs: readonly string[], env: Record<string, string>): SpawnArgs;
  /** Kills the process group `pid` leads (the command and everything it started). */
  kill(pid: number): void;
}

export interface SpawnArgs {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/** `bash` as a child of the executor, in its own process group. */
export const directLauncher: Launcher = {
  spawnArgs: (bashArgs, env) => ({ file: "bash", args: [...bashArgs], env }),
  kill: (pid) => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  },
};

/**
 * Runs `command` in a fresh `bash` (no profile, no rc file, its own process group) and resolves when it
 * exits; after `timeoutMs` the whole group is killed and the exit code is 124, as with timeout(1).
 */
export function runShell(command: string, options: ShellOptions): Promise<ShellRun> {
  return new Promise((resolve) => {
    const launcher = options.launcher ?? directLauncher;
    const spawned = launcher.spawnArgs(["--noprofile", "--norc", "-c", command], options.env);
    const child = spawn(spawned.file, spawned.args, {
      cwd: options.cwd,
      env: spawned.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const half = Math.floor(options.maxOutput / 2);
    let head = "";
    let rest = "";
    let dropped = 0;
    const collect = (chunk: string) => {
      let text = chunk;
      if (head.length < half) {
        const take = half - head.length;
        head += text.slice(0, take);
        text = text.slice(take);
      }
      rest += text;
      if (rest.length > half * 2) {
        dropped += rest.length - half;
        rest = rest.slice(rest.length - half);
      }
    };
    child.stdout.setEncoding("utf8").on("data", collect);
    child.stderr.setEncoding("utf8").on("data", collect);
    let timedOut = false;
    const killGroup = () => {
      if (child.pid !== undefined) launcher.kill(child.pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(); // background children holding the pipes open would otherwise outlive the command
      if (rest.length > half) {
        dropped += rest.length - half;
        rest = rest.slice(rest.length - half);
      }
      const exitCode = timedOut ? 124 : (code ?? (signal ? 128 + 9 : 1));
      const middle = dropped > 0 ? `\n[… ${dropped} characters of output dropped …]\n` : "";
      resolve({ exitCode, output: head + middle + rest, timedOut, dropped });
    };
    child.on("close", finish);
    child.on("exit", (code, signal) => setTimeout(() => finish(code, signal), 500).unref());
    child.on("error", (error) => {
      rest += `\n${error.message}`;
      finish(127, null);
    });
  });
}
