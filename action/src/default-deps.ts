import { spawn } from "node:child_process";
import * as core from "@actions/core";
import Anthropic from "@anthropic-ai/sdk";
import { Octokit } from "@octokit/rest";
import type { Deps, GitRunner } from "./deps.js";
import { formatLine, type Logger } from "./logger.js";
import { setupSandbox } from "./sandbox/command-sandbox.js";

/** The real dependencies: `@actions/core`, the process environment, `git`, and clients for both APIs. */
export function defaultDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  const logger = coreLogger();
  return {
    makeOctokit: (token, log) =>
      new Octokit({
        auth: token,
        baseUrl: env.GITHUB_API_URL || "https://api.github.com",
        userAgent: "conductor-executor",
        log: { debug: () => {}, info: () => {}, warn: (m) => log.warn(m), error: (m) => log.error(m) },
      }),
    makeAnthropic: (apiKey, log) =>
      new Anthropic({
        apiKey,
        ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
        // Overloaded (529) and rate-limited answers are retried with backoff before the attempt is an
        // infrastructure failure; the app retries those later without charging an attempt.
        maxRetries: 4,
        logger: sdkLogger(log),
      }),
    clock: { now: () => Date.now() },
    workspaceRoot: env.GITHUB_WORKSPACE || process.cwd(),
    logger,
    env,
    git: runGit,
    setupSandbox,
    gitProtocols: ["https"],
    output: {
      setOutput: (name, value) => core.setOutput(name, value),
      setSecret: (value) => core.setSecret(value),
      summary: async (markdown) => {
        try {
          await core.summary.addRaw(markdown, true).write();
        } catch (error) {
          // No GITHUB_STEP_SUMMARY (a local run): the summary is a nicety, not a reason to fail.
          logger.warn("could not write the job summary", { error: String(error) });
        }
      },
      setFailed: (message) => core.setFailed(message),
    },
  };
}

function coreLogger(): Logger {
  return {
    debug: (message, fields) => core.debug(formatLine(message, fields)),
    info: (message, fields) => core.info(formatLine(message, fields)),
    warn: (message, fields) => core.warning(formatLine(message, fields)),
    error: (message, fields) => core.error(formatLine(message, fields)),
  };
}

/** The SDK's logger shape (message plus any arguments) on top of ours. */
function sdkLogger(logger: Logger) {
  const line = (args: unknown[]) => (args.length > 0 ? { args: args.map(String) } : undefined);
  return {
    debug: (message: string, ...args: unknown[]) => logger.debug(message, line(args)),
    info: (message: string, ...args: unknown[]) => logger.info(message, line(args)),
    warn: (message: string, ...args: unknown[]) => logger.warn(message, line(args)),
    error: (message: string, ...args: unknown[]) => logger.error(message, line(args)),
  };
}

/** `git` as a child process; resolves with its exit code instead of throwing. */
export const runGit: GitRunner = (args, options) =>
  new Promise((resolve) => {
    const child = spawn("git", [...args], {
      cwd: options.cwd,
      env: options.exactEnv ? options.env : { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error) => resolve({ code: 127, stdout, stderr: stderr + error.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
