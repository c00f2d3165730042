import { execFile } from "node:child_process";

/** Identity and time stamped on commits the sandbox writes. */
export interface GitIdentity {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  date: number;
}

/** Options for one git invocation. */
export interface GitRunOptions {
  /** Bytes written to git's stdin. */
  input?: string | Buffer;
  /** Extra environment (e.g. GIT_INDEX_FILE, author/committer). */
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  okCodes?: readonly number[];
  /** Run in this directory instead of against the bare repository (worktrees). */
  cwd?: string;
}

/** What one git invocation produced. */
export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git against one repository; args are an array, never a shell string. */
export type GitRunner = (args: readonly string[], options?: GitRunOptions) => Promise<GitResult>;

/** Thrown when git exits with a code the caller did not expect. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} exited ${code}: ${stderr.trim()}`);
    this.name = "GitError";
  }
}

/**
 * Environment that makes git deterministic and blind to the host's configuration: no user or system
 * config, no hooks, no prompts, no pager, and a fixed locale so messages can be parsed.
 */
export function baseEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    LANG: "C",
    LC_ALL: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_PAGER: "cat",
  };
}

/** Environment variables that stamp author and committer on `commit-tree`. */
export function identityEnv(author: GitIdentity, committer: GitIdentity = author): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: `${author.date} +0000`,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: `${committer.date} +0000`,
  };
}

/**
 * Creates a runner bound to a git directory (`--git-dir`), so every call works on the bare repository
 * without a worktree unless `cwd` says otherwise.
 */
export function createGitRunner(gitDir: string): GitRunner {
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      const fullArgs = options.cwd ? [...args] : [`--git-dir=${gitDir}`, ...args];
      const child = execFile(
        "git",
        fullArgs,
        {
          cwd: options.cwd ?? gitDir,
          env: { ...baseEnv(), ...options.env },
          encoding: "buffer",
          maxBuffer: 256 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 128) : 0;
          const result = { code, stdout, stderr: stderr.toString("utf8") };
          if (code === 0 || options.okCodes?.includes(code)) resolve(result);
          else reject(new GitError(args, code, result.stderr));
        },
      );
      // Always close stdin: some plumbing commands wait on it even when they read nothing. A command
      // that exits before reading it makes the write fail with EPIPE; its exit code tells the story.
      child.stdin?.on("error", () => undefined);
      child.stdin?.end(options.input ?? "");
    });
}

/** Runs git and returns trimmed stdout as text. */
export async function gitText(git: GitRunner, args: readonly string[], options?: GitRunOptions): Promise<string> {
  const { stdout } = await git(args, options);
  return stdout.toString("utf8").replace(/\n$/, "");
}
