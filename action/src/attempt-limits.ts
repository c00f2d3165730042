import type { Brief } from "../../src/protocol/brief.js";
import type { Limits } from "./budget-meter.js";
import type { Inputs } from "./inputs.js";

const MINUTE = 60_000;

/** The limits of one attempt, and how long each harness command may run. */
export interface AttemptLimits {
  limits: Limits;
  harnessTimeoutMs: number;
}

/**
 * The brief's budget, narrowed by the inputs. With `timeout-minutes` (the job's own limit) the agent
 * stops a quarter early, at most 10 minutes, so the harness can still test, commit and push: a job the
 * runner kills posts nothing.
 */
export function attemptLimits(brief: Brief, inputs: Inputs, startedAt: number): AttemptLimits {
  const job = inputs["timeout-minutes"];
  const reserve = job === undefined ? 0 : Math.min(10 * MINUTE, (job * MINUTE) / 4);
  return {
    limits: {
      turns: Math.min(brief.budget.turns, inputs["max-turns"] ?? Number.POSITIVE_INFINITY),
      tokens: brief.budget.tokens,
      usd: brief.budget.usd,
      budgetEndsAt: startedAt + brief.budget.minutes * MINUTE,
      timeoutAt: job === undefined ? Number.POSITIVE_INFINITY : startedAt + job * MINUTE - reserve,
    },
    harnessTimeoutMs: job === undefined ? 10 * MINUTE : Math.max(30_000, reserve / 3),
  };
}
