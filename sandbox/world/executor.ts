import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { Octokit } from "@octokit/rest";
import { runGit } from "../../action/src/default-deps.js";
import type { Deps as ExecutorDeps, GitRunner } from "../../action/src/deps.js";
import { formatLine, type Logger } from "../../action/src/logger.js";
import { run } from "../../action/src/run.js";
import { setupSandbox } from "../../action/src/sandbox/command-sandbox.js";
import { Brief } from "../../src/protocol/brief.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import type { Sandbox } from "../sandbox-types.js";
import type { WorldClock } from "./clock.js";
import { serveModel } from "./engine-model.js";
import { failureFor, type ScriptedFailure } from "./failures.js";
import { claimFalsely } from "./false-claim.js";
import { scriptedModel } from "./model.js";
import { solutionFiles } from "./sample.js";

/** One executor run as the world saw it: which attempt, how it ended, what the model was told. */
export interface Execution {
  runId: number;
  pr: number;
  module: string;
  attempt: number;
  mode: Brief["mode"];
  conclusion: "success" | "failure";
  /** The first user message the model received (the rendered brief, feedback and note included). */
  prompt: string;
  /** The system prompt the model was sent (with the module's role, when it has one). */
  system: string;
  /** The executor's log lines. */
  log: string[];
}

/** What the scripted executor needs from the world. */
export interface ExecutorEnv {
  sandbox: Sandbox;
  clock: WorldClock;
  failures: readonly ScriptedFailure[];
  solutionsDir: string;
}

const quiet = () => undefined;
const silent = { debug: quiet, info: quiet, warn: quiet, error: quiet };

/**
 * Plays one `workflow_dispatch` run of the executor workflow, as a runner would, every job (DESIGN §8):
 * the work job checks out the module branch from the bare repository and runs the REAL `run()` of the
 * action in mode `work` with a scripted model; the publish job checks the branch out afresh and runs
 * it in mode `publish` on the work job's artifact, which pushes and posts; after a done result the
 * verify jobs re-run its commands on the pushed SHA and post what they saw. The run completes as
 * `failure` when any job's step failed.
 */
export async function executeRun(env: ExecutorEnv, runId: number): Promise<Execution | null> {
  const { sandbox } = env;
  const rec = sandbox.state().runs[runId];
  if (!rec || rec.status === "completed") return null;
  const pr = Number(rec.inputs.pr);
  const read = decodeMarker("brief", sandbox.state().issues[pr]?.body ?? "", Brief);
  const brief = read.ok ? read.value : null;
  const slug = rec.head_branch.replace(/^conductor\/\d+\/p\d+-/, "");
  const attempt = Number(rec.inputs.attempt);
  // A `review` failure is the reviewer's: it requests changes on the attempt it names (the author's number).
  const named = brief?.review?.author_attempt ?? attempt;
  const scripted = brief ? failureFor(env.failures, { name: brief.module, slug }, named) : undefined;
  const failure = (brief?.mode === "review") === (scripted?.kind === "review") ? scripted : undefined;
  await sandbox.setRunStatus(runId, "in_progress");
  const execution: Execution = {
    runId,
    pr,
    module: brief?.module ?? slug,
    attempt,
    mode: brief?.mode ?? "implement",
    conclusion: "failure",
    prompt: "",
    system: "",
    log: [],
  };
  if (failure?.kind === "crash" || !brief) {
    execution.log.push(brief ? "scripted crash: the runner was lost" : "no brief on the PR");
    await sandbox.setRunStatus(runId, "completed", "failure", execution.log.join("\n"));
    return execution;
  }
  const dir = await mkdtemp(join(tmpdir(), "conductor-executor-"));
  try {
    // The work job: its own checkout, the key, a read-only token; it leaves an artifact (DESIGN §8).
    const workspace = join(dir, "work");
    const artifact = join(dir, "artifact");
    await cloneBranch(sandbox.gitDir, rec.head_branch, workspace, dir);
    const kind = failure && (failure.kind ?? "tests");
    const model = scriptedModel({
      brief,
      workspace,
      files: await solutionFiles(env.solutionsDir, slug),
      // A false claim starts as a real bug; only the result the work job leaves lies about it.
      failure: kind === "false-claim" ? "tests" : kind,
      engine: brief.engine ?? "builtin",
    });
    let failed = false;
    const onFailed = () => {
      failed = true;
    };
    const work = executorDeps(env, workspace, execution.log, model.fetch, onFailed);
    work.env = runnerEnv(env, rec.inputs, workspace, runId, { mode: "work", artifact });
    // A CLI engine calls the API itself: the scripted model is served over HTTP (engine-model.ts), as
    // the Messages API for Claude Code and as the Responses API (the default provider's variables) for Codex.
    const server = brief.engine === "claude-code" || brief.engine === "codex" ? await serveModel(model.fetch) : null;
    if (server) work.env = { ...work.env, ...engineEnv(brief.engine, server.url), ...enginesEnv() };
    try {
      await run(work);
    } finally {
      await server?.close();
    }
    execution.prompt = model.prompts[0] ?? "";
    execution.system = model.systems[0] ?? "";
    if (kind === "false-claim") await claimFalsely(artifact, execution.log);
    // The publish job: a fresh checkout of the module branch, the App's token, no key.
    const checkout = join(dir, "publish");
    await cloneBranch(sandbox.gitDir, rec.head_branch, checkout, dir);
    const publish = executorDeps(env, checkout, execution.log, model.fetch, onFailed);
    const published = new Map<string, string>();
    publish.output = { ...publish.output, setOutput: (name, value) => published.set(name, value) };
    publish.env = runnerEnv(env, rec.inputs, checkout, runId, { mode: "publish", artifact });
    await run(publish);
    const pushed = published.get("head-sha");
    if (published.get("status") === "done" && published.get("reverify") === "true" && pushed) {
      await verifyJobs({ env, rec, runId, dir, pushed, log: execution.log, fetch: model.fetch, onFailed });
    }
    execution.conclusion = failed ? "failure" : "success";
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await sandbox.setRunStatus(runId, "completed", execution.conclusion, execution.log.join("\n"));
  return execution;
}

/**
 * The template's `verify` and `verify-report` jobs (docs/executor.md#the-verify-job), after a publish
 * that posted `done`: a fresh clone checked out at exactly the pushed SHA, the REAL `run()` in mode
 * `verify` with the same command sandbox and no key, then mode `verify-report` with the App's token on
 * the verify job's artifact, which posts the re-verification comment.
 */
async function verifyJobs(a: {
  env: ExecutorEnv;
  rec: { head_branch: string; inputs: Record<string, string> };
  runId: number;
  dir: string;
  pushed: string;
  log: string[];
  fetch: typeof fetch;
  onFailed: () => void;
}): Promise<void> {
  const { env, rec, runId, dir } = a;
  const artifact = join(dir, "verify-artifact");
  const checkout = join(dir, "verify");
  await cloneBranch(env.sandbox.gitDir, rec.head_branch, checkout, dir);
  const detached = await runGit(["checkout", "-q", "--detach", a.pushed], { cwd: checkout });
  if (detached.code !== 0) throw new Error(`git checkout ${a.pushed} failed: ${detached.stderr}`);
  const verify = executorDeps(env, checkout, a.log, a.fetch, a.onFailed);
  verify.env = runnerEnv(env, rec.inputs, checkout, runId, { mode: "verify", artifact });
  await run(verify);
  const report = executorDeps(env, dir, a.log, a.fetch, a.onFailed);
  report.env = runnerEnv(env, rec.inputs, dir, runId, { mode: "verify-report", artifact });
  await run(report);
}

async function cloneBranch(gitDir: string, branch: string, into: string, cwd: string): Promise<void> {
  const cloned = await runGit(["clone", "-q", "--branch", branch, gitDir, into], { cwd });
  if (cloned.code !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
}

function executorDeps(
  env: ExecutorEnv,
  workspace: string,
  lines: string[],
  modelFetch: typeof fetch,
  onFailed: () => void,
): ExecutorDeps {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${formatLine(message, fields)}`);
  };
  const logger: Logger = { debug: quiet, info: line("info"), warn: line("warn"), error: line("error") };
  // A push is what GitHub turns into `synchronize`; the bare repository learns of it here.
  const git: GitRunner = async (args, options) => {
    const out = await runGit(args, options);
    if (out.code === 0 && args.includes("push")) await env.sandbox.receivePush(env.sandbox.app.bot);
    return out;
  };
  return {
    makeOctokit: (token) => new Octokit({ auth: token, request: { fetch: env.sandbox.fetch }, log: silent }),
    makeAnthropic: (apiKey) => new Anthropic({ apiKey, fetch: modelFetch, maxRetries: 0 }),
    clock: { now: () => env.clock.now() },
    workspaceRoot: workspace,
    logger,
    env: {},
    git,
    setupSandbox: async (options) => {
      // The real sandbox when this machine allows one (root, or passwordless sudo); a simulation on a
      // laptop without either still plays, with its commands unsandboxed, and says so in the log.
      const real = await setupSandbox(options);
      if (real.ok) return real;
      lines.push(
        `warn the command sandbox is unavailable here (${real.reason}); the simulation runs commands unsandboxed`,
      );
      return setupSandbox({ ...options, policy: "off" });
    },
    gitProtocols: ["https", "file"],
    output: {
      setOutput: quiet,
      setSecret: quiet,
      summary: async () => undefined,
      setFailed: (message) => {
        lines.push(`failed ${message}`);
        onFailed();
      },
    },
  };
}

/** Where a CLI engine finds the scripted model: its vendor's base-URL variable, and for Codex a key. */
function engineEnv(engine: Brief["engine"], url: string): Record<string, string> {
  if (engine === "codex") return { OPENAI_BASE_URL: `${url}/v1`, OPENAI_API_KEY: "sk-scripted-model-0000000000" };
  return { ANTHROPIC_BASE_URL: url };
}

/** Where the action finds (or installs) the CLI engines: the caller's CONDUCTOR_ENGINES_DIR, else its default. */
function enginesEnv(): Record<string, string> {
  return process.env.CONDUCTOR_ENGINES_DIR ? { CONDUCTOR_ENGINES_DIR: process.env.CONDUCTOR_ENGINES_DIR } : {};
}

/** The runner's environment: the action's inputs and the `GITHUB_*` context, and a PATH for commands. */
function runnerEnv(
  env: ExecutorEnv,
  inputs: Record<string, string>,
  workspace: string,
  runId: number,
  job: { mode: "work" | "publish" | "verify" | "verify-report"; artifact: string },
): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    INPUT_MODE: job.mode,
    "INPUT_ARTIFACT-PATH": job.artifact,
    ...(job.mode === "work" ? { "INPUT_ANTHROPIC-API-KEY": "sk-ant-scripted-model-0000000000" } : {}),
    // The sandbox's GitHub has one token kind; the work job only reads with it.
    "INPUT_GITHUB-TOKEN": env.sandbox.installationToken(),
    INPUT_TASK: inputs.task,
    INPUT_PR: inputs.pr,
    INPUT_ATTEMPT: inputs.attempt,
    INPUT_NONCE: inputs.nonce,
    GITHUB_REPOSITORY: `${env.sandbox.owner}/${env.sandbox.repo}`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: String(runId),
  };
}
