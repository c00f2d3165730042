import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Brief } from "../../src/protocol/brief.js";
import type { Result } from "../../src/protocol/result.js";
import { ARTIFACT_FILES, BUNDLE_REF } from "./artifact.js";
import { attemptLimits } from "./attempt-limits.js";
import { type BudgetMeter, createBudgetMeter } from "./budget-meter.js";
import { buildResult } from "./build-result.js";
import type { Deps } from "./deps.js";
import { dropPersistedCredentials } from "./drop-persisted-credentials.js";
import { type Git, hardenedGit, strict } from "./hardened-git.js";
import type { RunnerEnv, WorkInputs } from "./inputs.js";
import type { Logger } from "./logger.js";
import { priceOf } from "./prices.js";
import { renderBrief } from "./prompt.js";
import type { ModulePr } from "./read-brief.js";
import { type Redact, redactStrings } from "./redact.js";
import { loadRepoInstructions } from "./repo-instructions.js";
import { systemPrompt } from "./role-prompt.js";
import { type AgentOutcome, describeApiError } from "./run-agent.js";
import { runEngine } from "./run-engine.js";
import { type HarnessRuns, runHarness } from "./run-harness.js";
import type { CommandSandbox } from "./sandbox/command-sandbox.js";
import { scrubEnv } from "./scrub-env.js";
import { startMerge, unresolved } from "./start-merge.js";
import { createPathPolicy } from "./tools/path-policy.js";
import { attemptTranscript, type TranscriptDigest, type TranscriptSink } from "./transcript.js";
import { commitWork } from "./work/commit-work.js";
import { movePrivateGitDir } from "./work/private-git-dir.js";
import { takeBaseline } from "./workspace-baseline.js";

export interface AttemptContext {
  deps: Deps;
  inputs: WorkInputs;
  runner: RunnerEnv;
  brief: Brief;
  pr: ModulePr;
  secrets: readonly string[];
  redact: Redact;
  logger: Logger;
  startedAt: number;
  /** Hidden from the sandbox: the artifact is written here. */
  artifactDir: string;
  /** Where the work's commit is written as a git bundle (inside the artifact directory). */
  bundleFile: string;
}

interface WorkDone {
  outcome: AgentOutcome;
  harness: HarnessRuns;
  commit: string | null;
  /** Found by the harness besides its command runs; each fails the result. */
  problems: string[];
}

const MAX_TOOL_OUTPUT = 20_000;
const NO_RUNS: HarnessRuns = { test: null, items: new Map() };

/**
 * The work job's attempt, once the brief is accepted (DESIGN §8): the model works with its commands in
 * the sandbox, changes outside the module's paths are reverted, the work is committed locally, and the
 * harness tests that commit, in the sandbox too. Nothing is pushed or posted: the commit goes into a
 * bundle and the caller writes the artifact, for the publish job. An infrastructure failure anywhere still
 * ends in a result, with stop reason `error` and the usage spent so far.
 */
export async function runAttempt(
  ctx: AttemptContext,
): Promise<{ result: Result; notes: string[]; commit: string | null; digest: TranscriptDigest }> {
  const { deps, inputs, brief, logger } = ctx;
  const notes: string[] = [];
  const model = inputs.model ?? brief.model;
  const { price, known } = priceOf(model);
  if (!known) notes.push(`Model ${model} is not in the price table; the USD budget counted it at the highest price.`);
  const meter = createBudgetMeter(attemptLimits(brief, inputs, ctx.startedAt).limits, price);
  // Inside the artifact directory, which the sandbox cannot see; redacted line by line as it is written.
  const transcript = attemptTranscript(path.join(ctx.artifactDir, ARTIFACT_FILES.transcript), ctx.redact, (e) =>
    logger.warn(`transcript: ${String(e)}`),
  );
  const done = await work(ctx, model, meter, notes, transcript).catch(
    (error): WorkDone => ({
      outcome: { stop: "error", detail: `the executor crashed: ${describeApiError(error)}`, report: null },
      harness: NO_RUNS,
      commit: null,
      problems: [],
    }),
  );
  notes.push(...done.problems);
  if (done.outcome.stop === "error") logger.error("infrastructure failure", { detail: done.outcome.detail });
  const result = buildResult({
    brief,
    outcome: done.outcome,
    harness: done.harness,
    headSha: done.commit ?? ctx.pr.headSha,
    usage: meter.usage(),
    turns: meter.turns,
    durationMs: deps.clock.now() - ctx.startedAt,
    problems: done.problems,
    agent: { engine: brief.engine ?? "builtin", model, instructions: transcript.digest().instructions },
  });
  // The model's own words (its finish report) leave the runner too: redacted like everything else.
  return {
    result: redactStrings(result, ctx.redact),
    notes: notes.map(ctx.redact),
    commit: done.commit,
    digest: transcript.digest(),
  };
}

async function work(
  ctx: AttemptContext,
  model: string,
  meter: BudgetMeter,
  notes: string[],
  transcript: TranscriptSink,
): Promise<WorkDone> {
  const { deps, inputs, brief, pr, logger } = ctx;
  const workspace = await realpath(path.resolve(deps.workspaceRoot, inputs["working-directory"]));
  const privateGit = await movePrivateGitDir(workspace);
  try {
    const git = hardenedGit({
      git: deps.git,
      gitDir: privateGit.gitDir,
      workTree: workspace,
      protocols: deps.gitProtocols,
    });
    await dropPersistedCredentials(git, logger);
    const baseline = await takeBaseline(git, workspace);
    if (baseline.size > 0)
      logger.info("the setup steps left changes; they are not committed", { paths: baseline.size });
    const merge =
      brief.mode === "resolve_conflict"
        ? await startMerge({
            git,
            pr,
            logger,
            token: inputs["github-token"],
            serverUrl: ctx.runner.GITHUB_SERVER_URL,
          })
        : null;
    const policy = createPathPolicy(workspace, brief.paths, brief.protected_paths, merge?.conflicted);
    const setup = await deps.setupSandbox({
      workspace,
      env: scrubEnv(deps.env, ctx.secrets),
      policy: brief.sandbox ?? "on",
      network: brief.network ?? "open",
      hide: [ctx.runner.RUNNER_TEMP, ctx.artifactDir].filter((d): d is string => d !== undefined),
    });
    if (!setup.ok) {
      const detail = `no command sandbox could be set up, so no command was run and the model was not started: ${setup.reason}. Run the executor as root or with passwordless sudo (docs/security.md#the-command-sandbox), or set executor.sandbox: off (unsafe: commands can then read the Anthropic key and the job's tokens).`;
      return { outcome: { stop: "error", detail, report: null }, harness: NO_RUNS, commit: null, problems: [] };
    }
    const { sandbox } = setup;
    logger.info("command sandbox", { sandbox: sandbox.describe });
    if (sandbox.kind === "off") notes.push(`Unsafe: ${sandbox.describe}.`);
    try {
      return await agentThenHarness({
        ctx,
        model,
        meter,
        notes,
        transcript,
        git,
        workspace,
        sandbox,
        policy,
        baseline,
        merge,
      });
    } finally {
      await sandbox.dispose();
    }
  } finally {
    await privateGit.restore();
  }
}

async function agentThenHarness(a: {
  ctx: AttemptContext;
  model: string;
  meter: BudgetMeter;
  notes: string[];
  transcript: TranscriptSink;
  git: Git;
  workspace: string;
  sandbox: CommandSandbox;
  policy: ReturnType<typeof createPathPolicy>;
  baseline: Awaited<ReturnType<typeof takeBaseline>>;
  merge: Awaited<ReturnType<typeof startMerge>> | null;
}): Promise<WorkDone> {
  const { ctx, sandbox, git } = a;
  const { deps, inputs, brief, pr, logger } = ctx;
  const { limits, harnessTimeoutMs } = attemptLimits(brief, inputs, ctx.startedAt);
  const runCommand = sandbox.run;
  let outcome = await runEngine({
    engine: {
      brief,
      apiKey: inputs["anthropic-api-key"],
      env: deps.env,
      sandbox,
    },
    client: deps.makeAnthropic(inputs["anthropic-api-key"], logger),
    prompt: renderBrief(brief, a.merge),
    model: a.model,
    meter: a.meter,
    system: systemPrompt(brief),
    clock: deps.clock,
    logger,
    maxTurns: limits.turns,
    thinking: brief.thinking,
    instructions: await loadRepoInstructions(a.policy, brief.paths),
    transcript: a.transcript,
    tools: {
      workspace: a.workspace,
      policy: a.policy,
      runCommand,
      redact: ctx.redact,
      maxOutput: MAX_TOOL_OUTPUT,
      remainingMs: () => Math.min(limits.budgetEndsAt, limits.timeoutAt) - deps.clock.now(),
      logger,
      itemIds: brief.items.map((i) => i.id),
    },
  });
  await sandbox.reclaim();

  const problems: string[] = [];
  const left = a.merge ? await unresolved(git, a.merge.conflicted) : [];
  if (left.length > 0) problems.push(`Conflict markers remain in: ${left.join(", ")}.`);

  // Whatever was done is committed whatever the stop reason (a timeout or an API error included):
  // the publish job pushes it, so the next attempt starts from it.
  let commit: string | null = null;
  try {
    const committed = await commitWork({
      git,
      workspace: a.workspace,
      brief,
      pr,
      policy: a.policy,
      merged: new Set(a.merge?.merged),
      baseline: a.baseline,
      logger,
    });
    commit = committed.commit;
    if (committed.reverted.length > 0) {
      a.notes.push(
        `Reverted changes this module may not make (outside its paths or protected): ${committed.reverted.join(", ")}.`,
      );
    }
    if (commit !== null) {
      const bundle = strict(git);
      await bundle(["update-ref", BUNDLE_REF, commit]);
      await bundle(["bundle", "create", ctx.bundleFile, BUNDLE_REF, `^${pr.headSha}`]);
    }
  } catch (error) {
    outcome = { stop: "error", detail: `commit failed: ${describeApiError(error)}`, report: outcome.report };
  }
  // The model's API failing is not the work's verdict: no harness run, but whatever was done is kept.
  const harness =
    outcome.stop === "error"
      ? NO_RUNS
      : await runHarness(brief, outcome.report, {
          runCommand,
          redact: ctx.redact,
          logger,
          timeoutMs: harnessTimeoutMs,
        });
  return { outcome, harness, commit, problems };
}
