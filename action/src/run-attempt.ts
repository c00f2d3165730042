import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Octokit } from "@octokit/rest";
import type { Brief } from "../../src/spec/brief.js";
import type { Result } from "../../src/spec/result.js";
import { attemptLimits } from "./attempt-limits.js";
import { createBudgetMeter } from "./budget-meter.js";
import { buildResult } from "./build-result.js";
import { commitAndPush } from "./commit-and-push.js";
import type { Deps } from "./deps.js";
import { dropPersistedCredentials } from "./drop-persisted-credentials.js";
import type { Inputs, RunnerEnv } from "./inputs.js";
import type { Logger } from "./logger.js";
import { priceOf } from "./prices.js";
import { publishResult } from "./publish-result.js";
import type { ModulePr } from "./read-brief.js";
import type { Redact } from "./redact.js";
import { type AgentOutcome, describeApiError, runAgent } from "./run-agent.js";
import { type HarnessRuns, runHarness } from "./run-harness.js";
import { scrubEnv } from "./scrub-env.js";
import { createPathPolicy } from "./tools/path-policy.js";

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

const MAX_TOOL_OUTPUT = 20_000;

/**
 * One attempt, once the brief is accepted: the model works, the harness checks, the work is committed
 * and pushed, and the result is posted. An infrastructure failure anywhere (API overloaded after the
 * SDK's retries, a rejected push) still ends in a posted result, with stop reason `error`.
 */
export async function runAttempt(ctx: AttemptContext): Promise<{ result: Result; notes: string[] }> {
  const { deps, inputs, brief, pr, logger } = ctx;
  const workspace = await realpath(path.resolve(deps.workspaceRoot, inputs["working-directory"]));
  await dropPersistedCredentials(deps.git, workspace, logger);
  const notes: string[] = [];
  const model = inputs.model ?? brief.model;
  const { price, known } = priceOf(model);
  if (!known) notes.push(`Model ${model} is not in the price table; the USD budget counted it at the highest price.`);
  const { limits, harnessTimeoutMs } = attemptLimits(brief, inputs, ctx.startedAt);
  const meter = createBudgetMeter(limits, price);
  const policy = createPathPolicy(workspace, brief.paths, brief.protected_paths);
  const commandEnv = scrubEnv(deps.env, ctx.secrets);
  const remainingMs = () => Math.min(limits.budgetEndsAt, limits.timeoutAt) - deps.clock.now();

  let outcome: AgentOutcome = await runAgent({
    client: deps.makeAnthropic(inputs["anthropic-api-key"], logger),
    brief,
    model,
    meter,
    clock: deps.clock,
    logger,
    maxTurns: limits.turns,
    tools: {
      workspace,
      policy,
      commandEnv,
      redact: ctx.redact,
      maxOutput: MAX_TOOL_OUTPUT,
      remainingMs,
      logger,
      itemIds: brief.items.map((i) => i.id),
    },
  });
  if (outcome.stop === "error") logger.error("the model API failed", { detail: outcome.detail });

  const noRuns: HarnessRuns = { test: null, items: new Map() };
  const harness =
    outcome.stop === "error"
      ? noRuns
      : await runHarness(brief, outcome.report, {
          workspace,
          env: commandEnv,
          redact: ctx.redact,
          logger,
          timeoutMs: harnessTimeoutMs,
        });

  let headSha = pr.headSha;
  try {
    const push = await commitAndPush({
      git: deps.git,
      workspace,
      brief,
      pr,
      policy,
      token: inputs["github-token"],
      serverUrl: ctx.runner.GITHUB_SERVER_URL,
      logger,
    });
    headSha = push.headSha;
    if (push.reverted.length > 0) {
      notes.push(
        `Reverted changes this module may not make (outside its paths or protected): ${push.reverted.join(", ")}.`,
      );
    }
  } catch (error) {
    logger.error("commit or push failed", { error: describeApiError(error) });
    outcome = { stop: "error", detail: `commit or push failed: ${describeApiError(error)}`, report: outcome.report };
  }

  const result = buildResult({
    brief,
    outcome: { ...outcome, ...(outcome.stop === "finished" ? {} : { detail: ctx.redact(outcome.detail) }) },
    harness,
    headSha,
    usage: meter.usage(),
    turns: meter.turns,
    durationMs: deps.clock.now() - ctx.startedAt,
  });
  await publishResult(ctx.octokit, pr, result, logger, notes);
  return { result, notes };
}
