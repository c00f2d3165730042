import type Anthropic from "@anthropic-ai/sdk";
import { planFromIssue } from "./planner.js";
import { noKeyMessage } from "./planner-no-key.js";
import type { Planner } from "./planner-seam.js";
import { readRepoView } from "./read-repo-view.js";

/**
 * The planner behind `RequestPlan` when the issue has no spec (DESIGN §1.2): `planFromIssue` with a view
 * of the base branch. Without an API key nothing is read and the maintainer is told how to write the
 * spec. An outage (rate limit, overload, 5xx) is thrown, so the effect stays in the outbox and the next
 * reconcile or tick asks again; any other refusal is reported as the plan's error.
 */
export function plannerWith(anthropic: Anthropic | null): Planner {
  return async ({ octokit, repo, issue, config, base, log }) => {
    if (anthropic === null) return { ok: false, errors: [noKeyMessage(config.trigger.label)] };
    const view = await readRepoView(octokit, repo, base);
    const outcome = await planFromIssue({
      issue: { title: issue.title, body: issue.body },
      tree: view.tree,
      treeTruncated: view.treeTruncated,
      readmeHead: view.readmeHead,
      maxModules: config.limits.max_modules,
      anthropic,
      model: config.plan.model,
      log,
      triggerLabel: config.trigger.label,
    });
    if (outcome.ok) return outcome;
    switch (outcome.reason) {
      case "invalid":
        return { ok: false, errors: ["The planner's answer was not a valid plan:", ...outcome.errors] };
      case "no_key":
        return { ok: false, errors: [outcome.message] };
      case "api_error":
        if (outcome.retryable) throw new Error(`the planner's API is unavailable: ${outcome.message}`);
        return { ok: false, errors: [`The planner failed: ${outcome.message}`] };
      default: {
        const _exhaustive: never = outcome;
        return _exhaustive;
      }
    }
  };
}
