import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Octokit } from "@octokit/rest";
import type { Brief } from "../../src/spec/brief.js";
import type { Result } from "../../src/spec/result.js";
import { attemptLimits } from "./attempt-limits.js";
import { type BudgetMeter, createBudgetMeter } from "./budget-meter.js";
import { buildResult } from "./build-result.js";
import { commitAndPush } from "./commit-and-push.js";
import type { Deps } from "./deps.js";
import { dropPersistedCredentials } from "./drop-persisted-credentials.js";
import type { Inputs, RunnerEnv } from "./inputs.js";
import type { Logger } from "./logger.js";
import { priceOf } from "./prices.js";
import { renderBrief } from "./prompt.js";
import { publishResult } from "./publish-result.js";
import type { ModulePr } from "./read-brief.js";
import type { Redact } from "./redact.js";
import { runUrl } from "./render-result.js";
import { loadRepoInstructions } from "./repo-instructions.js";
import { type AgentOutcome, describeApiError } from "./run-agent.js";
import { runEngine } from "./run-engine.js";
import { type HarnessRuns, runHarness } from "./run-harness.js";
import { scrubEnv } from "./scrub-env.js";
import { startMerge, unresolved } from "./start-merge.js";
import { createPathPolicy } from "./tools/path-policy.js";
import { attemptTranscript, type TranscriptSink, transcriptPath } from "./transcript.js";
import { takeBaseline } from "./workspace-baseline.js";

export interface AttemptContext {
  deps: Deps;
  inputs: Inputs;
  runner: RunnerEnv;
  octokit: Octokit;
  brief: Brief;
  pr: ModulePr;
  secrets: readonly string[];
  redact: Redact;
  logger: Logger;
  startedAt: number;
}

interface WorkDone {
  outcome: AgentOutcome;
  harness: HarnessRuns;
  headSha: string;
  /** Found by the harness besides its command runs; each fails the result. */
  problems: string[];
}

const MAX_TOOL_OUTPUT = 20_000;
const NO_RUNS: HarnessRuns = { test: null, items: new Map() };

/**
 * One attempt, once the brief is accepted: the model works, the harness checks, the work is committed
 * and pushed, and the result is posted. An infrastructure failure anywhere (API overloaded after the
 * SDK's retries, a rejected push, a crash) still ends in a posted result, with stop reason `error` and
 * the usage spent so far.
 */
export async function runAttempt(ctx: AttemptContext): Promise<{ result: Result; notes: string[] }> {
  const { deps, inputs, brief, logger } = ctx;
  const notes: string[] = [];
  const model = inputs.model ?? brief.model;
  const { price, known } = priceOf(model);
  if (!known) notes.push(`Model ${model} is not in the price table; the USD budget counted it at the highest price.`);
  const meter = createBudgetMeter(attemptLimits(brief, inputs, ctx.startedAt).limits, price);
  const transcript = attemptTranscript(transcriptPath(deps.env), ctx.redact, (e) => logger.warn(`transcript: ${e}`));
  const done = await work(ctx, model, meter, notes, transcript).catch(
    (error): WorkDone => ({
      outcome: { stop: "error", detail: `the executor crashed: ${describeApiError(error)}`, report: null },
      harness: NO_RUNS,
      headSha: ctx.pr.headSha,
      problems: [],
    }),
  );
  notes.push(...done.problems);
  if (done.outcome.stop === "error") logger.error("infrastructure failure", { detail: done.outcome.detail });
  const { outcome } = done;
  const result = buildResult({
    brief,
    outcome: outcome.stop === "finished" ? outcome : { ...outcome, detail: ctx.redact(outcome.detail) },
    harness: done.harness,
    headSha: done.headSha,
    usage: meter.usage(),
    turns: meter.turns,
    durationMs: deps.clock.now() - ctx.startedAt,
    problems: done.problems,
  });
  const extras = { digest: transcript.digest(), runUrl: runUrl(ctx.runner) };
  const { posted } = await publishResult(ctx.octokit, ctx.pr, result, logger, notes, extras);
  return { result: posted, notes };
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
  await dropPersistedCredentials(deps.git, workspace, logger);
  const baseline = await takeBaseline(deps.git, workspace);
  if (baseline.size > 0) logger.info("the setup steps left changes; they are not committed", { paths: baseline.size });
  const { limits, harnessTimeoutMs } = attemptLimits(brief, inputs, ctx.startedAt);
  const auth = { token: inputs["github-token"], serverUrl: ctx.runner.GITHUB_SERVER_URL };
  const merge =
    brief.mode === "resolve_conflict" ? await startMerge({ git: deps.git, workspace, pr, logger, ...auth }) : null;
  const policy = createPathPolicy(workspace, brief.paths, brief.protected_paths, merge?.conflicted);
  const commandEnv = scrubEnv(deps.env, ctx.secrets);

  let outcome = await runEngine({
    engine: { brief, apiKey: inputs["anthropic-api-key"], env: deps.env },
    client: deps.makeAnthropic(inputs["anthropic-api-key"], logger),
    prompt: renderBrief(brief, merge),
    model,
    meter,
    clock: deps.clock,
    logger,
    maxTurns: limits.turns,
    thinking: brief.thinking,
    instructions: await loadRepoInstructions(policy, brief.paths),
    transcript,
    tools: {
      workspace,
      policy,
      commandEnv,
      redact: ctx.redact,
      maxOutput: MAX_TOOL_OUTPUT,
      remainingMs: () => Math.min(limits.budgetEndsAt, limits.timeoutAt) - deps.clock.now(),
      logger,
      itemIds: brief.items.map((i) => i.id),
    },
  });
  // The model's API failing is not the work's verdict: no harness run, but whatever was done is pushed.
  const harness =
    outcome.stop === "error"
      ? NO_RUNS
      : await runHarness(brief, outcome.report, {
          workspace,
          env: commandEnv,
          redact: ctx.redact,
          logger,
          timeoutMs: harnessTimeoutMs,
        });

  const problems: string[] = [];
  const left = merge ? await unresolved(deps.git, workspace, merge.conflicted) : [];
  if (left.length > 0) problems.push(`Conflict markers remain in: ${left.join(", ")}.`);

  let headSha = pr.headSha;
  try {
    const merged = new Set(merge?.merged);
    const push = await commitAndPush({
      git: deps.git,
      workspace,
      brief,
      pr,
      policy,
      merged,
      baseline,
      logger,
      ...auth,
    });
    headSha = push.headSha;
    if (push.reverted.length > 0) {
      notes.push(
        `Reverted changes this module may not make (outside its paths or protected): ${push.reverted.join(", ")}.`,
      );
    }
  } catch (error) {
    outcome = { stop: "error", detail: `commit or push failed: ${describeApiError(error)}`, report: outcome.report };
  }
  return { outcome, harness, headSha, problems };
}
