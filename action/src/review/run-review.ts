import { z } from "zod";
import { decodeMarker } from "../../../src/protocol/marker.js";
import { Result } from "../../../src/protocol/result.js";
import { REVIEW_VERSION, type ReviewReport } from "../../../src/protocol/review.js";
import { attemptLimits } from "../attempt-limits.js";
import { createBudgetMeter } from "../budget-meter.js";
import { type Git, strict } from "../hardened-git.js";
import { priceOf } from "../prices.js";
import { redactStrings } from "../redact.js";
import { describeApiError } from "../run-agent.js";
import type { AttemptContext } from "../run-attempt.js";
import { createPathPolicy } from "../tools/path-policy.js";
import { workspaceGit } from "../workspace-git.js";
import { diffLines } from "./diff-lines.js";
import { renderReviewPrompt } from "./review-prompt.js";
import { reviewResult } from "./review-result.js";
import { type ReviewOutcome, runReviewer } from "./run-reviewer.js";

const MAX_TOOL_OUTPUT = 20_000;

/** What a review attempt leaves for the publish job. */
export interface ReviewWork {
  /** The review to post, or null when there is none (then `result` says why). */
  review: ReviewReport | null;
  result: Result;
  /** Paths the checkout has changed, or commits on top of the reviewed head, after the reviewer ran. */
  changes: string[];
  notes: string[];
}

/**
 * The work job in mode `review` (docs/ai-review.md): reads the author's result comment and the diff of the
 * reviewed head against the PR's base, runs the reviewer with read-only tools, and afterwards records what
 * the checkout shows changed, which the publish job refuses. Nothing is committed, pushed or posted here.
 */
export async function runReview(ctx: Omit<AttemptContext, "bundleFile">): Promise<ReviewWork> {
  const { deps, inputs, brief, pr, logger } = ctx;
  const target = brief.review;
  const model = inputs.model ?? brief.model;
  const { price, known } = priceOf(model);
  const notes = known
    ? []
    : [`Model ${model} is not in the price table; the USD budget counted it at the highest price.`];
  const { limits } = attemptLimits(brief, inputs, ctx.startedAt);
  const meter = createBudgetMeter(limits, price);
  const { workspace, git } = await workspaceGit(deps, inputs["working-directory"], { workTree: true });
  const fail = (stop: Result["stop_reason"], error: string | undefined, changes: string[] = []): ReviewWork => ({
    review: null,
    result: redactStrings(
      reviewResult({
        brief,
        headSha: pr.headSha,
        usage: meter.usage(),
        turns: meter.turns,
        durationMs: deps.clock.now() - ctx.startedAt,
        stop,
        ...(error === undefined ? {} : { error }),
      }),
      ctx.redact,
    ),
    changes,
    notes,
  });
  if (!target) return fail("error", "a review brief without the head to review");
  if (target.head_sha !== pr.headSha) {
    return fail("error", `the PR head moved to ${pr.headSha} since ${target.head_sha} was given for review`);
  }
  let authorResult: Result;
  let diff: string;
  try {
    authorResult = await readResult(ctx, target.result_comment_id);
    const run = strict(git);
    const base = (await run(["merge-base", pr.baseSha, "HEAD"])).trim();
    diff = await run(["diff", "--no-color", "--no-ext-diff", "-U3", base, "HEAD"]);
  } catch (error) {
    return fail("error", `could not read what to review: ${describeApiError(error)}`);
  }
  const lines = diffLines(diff);
  const outcome: ReviewOutcome = await runReviewer({
    client: deps.makeAnthropic(inputs["anthropic-api-key"], logger),
    prompt: renderReviewPrompt(brief, authorResult, diff),
    model,
    meter,
    clock: deps.clock,
    logger,
    maxTurns: limits.turns,
    commentable: (file, line) => lines.get(file)?.has(line) ?? false,
    tools: {
      workspace,
      policy: createPathPolicy(workspace, [], []),
      runCommand: async () => {
        throw new Error("the reviewer runs no commands");
      },
      redact: ctx.redact,
      maxOutput: MAX_TOOL_OUTPUT,
      remainingMs: () => Math.min(limits.budgetEndsAt, limits.timeoutAt) - deps.clock.now(),
      logger,
      itemIds: [],
      onFinish: () => undefined,
    },
  }).catch((error: unknown): ReviewOutcome => ({ stop: "error", detail: describeApiError(error) }));
  const changes = await changedSince(git, pr.headSha);
  if (outcome.stop !== "finished") return fail(outcome.stop, outcome.detail, changes);
  const review: ReviewReport = {
    version: REVIEW_VERSION,
    task: brief.task,
    module: brief.module,
    attempt: brief.attempt,
    nonce: brief.nonce,
    head_sha: pr.headSha,
    verdict: outcome.review.verdict,
    summary: outcome.review.summary,
    comments: outcome.review.comments,
    usage: meter.usage(),
    turns: meter.turns,
  };
  logger.info("review submitted", { verdict: review.verdict, comments: review.comments.length });
  return { ...fail("finished", undefined, changes), review: redactStrings(review, ctx.redact) };
}

/** The author attempt's result, from its comment on the PR (read with the job's read-only token). */
async function readResult(ctx: Omit<AttemptContext, "bundleFile">, commentId: number): Promise<Result> {
  const octokit = ctx.deps.makeOctokit(ctx.inputs["github-token"], ctx.logger);
  const { data } = await octokit.rest.issues.getComment({
    owner: ctx.pr.owner,
    repo: ctx.pr.repo,
    comment_id: commentId,
  });
  const read = decodeMarker("result", z.string().parse(data.body ?? ""), Result);
  if (!read.ok) throw new Error(`comment ${commentId} holds no result: ${read.message}`);
  return read.value;
}

/** Commits on top of `head` and changed paths in the checkout: a review leaves none. */
async function changedSince(git: Git, head: string): Promise<string[]> {
  const now = await git(["rev-parse", "HEAD"]);
  const status = await git(["status", "--porcelain", "--untracked-files=all"]);
  const moved = now.stdout.trim() !== head ? [`HEAD moved to ${now.stdout.trim() || "(unknown)"}`] : [];
  const paths = status.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.slice(3));
  return [...moved, ...paths];
}
