import type Anthropic from "@anthropic-ai/sdk";
import type { Octokit } from "@octokit/rest";
import type { Logger } from "./logger.js";
import type { SandboxOptions, SandboxSetup } from "./sandbox/command-sandbox.js";

/** What `git` printed and how it exited. */
export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `git <args>` in `cwd`; never throws for a non-zero exit. */
export type GitRunner = (
  args: readonly string[],
  /** `exactEnv`: `env` is the whole environment, not added to the process's (hardened-git.ts). */
  options: { cwd: string; env?: Record<string, string>; exactEnv?: boolean },
) => Promise<GitOutput>;

/** The part of `@actions/core` the executor writes to: outputs, masks, the job summary, the verdict. */
export interface OutputSink {
  setOutput(name: string, value: string): void;
  /** Masks `value` in the runner's own log from now on. */
  setSecret(value: string): void;
  /** Appends Markdown to the job summary; failures to write are the sink's to report, not to throw. */
  summary(markdown: string): Promise<void>;
  setFailed(message: string): void;
}

/** Milliseconds since the epoch; injected so budget tests need no real waiting. */
export interface Clock {
  now(): number;
}

/**
 * Everything `run` touches outside its own memory. `action/src/default-deps.ts` builds the real ones;
 * tests hand in the same kinds of objects pointed at fakes. The two clients are factories because
 * their credentials are action inputs, which `run` validates first (all problems at once).
 */
export interface Deps {
  /** `logger` is `run`'s redacting logger, so the clients' own log lines are redacted too. */
  makeOctokit(token: string, logger: Logger): Octokit;
  makeAnthropic(apiKey: string, logger: Logger): Anthropic;
  clock: Clock;
  /** `GITHUB_WORKSPACE`; the `working-directory` input is resolved against it. */
  workspaceRoot: string;
  logger: Logger;
  /** The process environment: `INPUT_*` inputs, `GITHUB_*` context, and what commands inherit. */
  env: Readonly<Record<string, string | undefined>>;
  git: GitRunner;
  output: OutputSink;
  /** Builds the command sandbox (work job); the real one probes this machine (docs/security.md). */
  setupSandbox(options: SandboxOptions): Promise<SandboxSetup>;
  /** Transports the executor's git may use: `https` on a runner; tests add `file` for a local remote. */
  gitProtocols: readonly string[];
}
