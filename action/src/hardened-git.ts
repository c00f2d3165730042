import type { GitOutput, GitRunner } from "./deps.js";

/** One git command in a repository the executor trusts, run so that no config of it can run code. */
export type Git = (args: readonly string[], env?: Record<string, string>) => Promise<GitOutput>;

export interface HardenedGitOptions {
  git: GitRunner;
  /** The repository's git directory, given explicitly: never found by walking up from the work tree. */
  gitDir: string;
  /** The work tree, or null for a bare use (bundles, pushes). */
  workTree: string | null;
  /** Transports git may use: `https` in production; tests add `file` for a local bare remote. */
  protocols: readonly string[];
}

/**
 * `git`, hardened (DESIGN §8): an explicit minimal environment (no token of the process, no
 * `GIT_*` from the runner, no global or system config), no fsmonitor, no hooks, no credential helper,
 * no pager, and only the given transports, so neither `ext::` nor `file::` URLs nor a helper named in
 * a config can run a program. Extra `env` (the push's auth header) is added per command.
 */
export function hardenedGit(options: HardenedGitOptions): Git {
  const overrides = [
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "credential.helper=",
    "protocol.allow=never",
    ...options.protocols.map((p) => `protocol.${p}.allow=always`),
  ].flatMap((setting) => ["-c", setting]);
  return (args, env = {}) =>
    options.git([...overrides, ...args], {
      cwd: options.workTree ?? options.gitDir,
      exactEnv: true,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        LANG: "C.UTF-8",
        HOME: "/nonexistent",
        GIT_DIR: options.gitDir,
        ...(options.workTree ? { GIT_WORK_TREE: options.workTree } : {}),
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_TERMINAL_PROMPT: "0",
        GIT_OPTIONAL_LOCKS: "0",
        ...env,
      },
    });
}

/** `git` that throws with its stderr on a non-zero exit, returning stdout. */
export function strict(git: Git): (args: readonly string[], env?: Record<string, string>) => Promise<string> {
  return async (args, env) => {
    const out = await git(args, env);
    if (out.code !== 0) throw new Error(`git ${args[0]} failed (exit ${out.code}): ${out.stderr.trim()}`);
    return out.stdout;
  };
}
