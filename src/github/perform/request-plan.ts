import { formatSpecError, hasSpec, parseSpec } from "../../spec/parse.js";
import { issueText } from "../issue-text.js";
import { outcomeId, type Performer, requireRecord } from "./perform-env.js";

/** What a maintainer is told when the issue has no spec and no planner can write one. */
export const NO_SPEC_HELP = [
  'The issue has no "## Implementation Phases" section, and no planner is configured to write one.',
  "Add the plan to the issue body in this form, then edit the issue (Conductor reads it again):",
  "",
  "```markdown",
  "## Implementation Phases",
  "",
  "### Phase 1: Short name",
  "- what this phase does",
  "Modules: first-module, second-module",
  "Test Command: npm test",
  "Success Criteria:",
  "- what must be true when the phase is done",
  "```",
].join("\n");

/**
 * Rule: reading the issue and parsing it has no side effect, so it may run any number of times. A spec in
 * the issue body is the plan (DESIGN §1.2), with every problem reported by its line; without one the
 * planner seam (`deps.planner`, src/github/planner.ts) writes the plan, or the maintainer is told how.
 */
export const requestPlan: Performer<"RequestPlan"> = async (effect, env) => {
  const id = outcomeId(effect);
  const { title, body } = await issueText(env);
  if (hasSpec(body)) {
    const parsed = parseSpec(body);
    if (parsed.ok) return [{ type: "PlanReady", id, plan: parsed.plan }];
    return [{ type: "PlanFailed", id, errors: parsed.errors.map(formatSpecError) }];
  }
  const planner = env.deps.planner;
  if (!planner) return [{ type: "PlanFailed", id, errors: [NO_SPEC_HELP] }];
  const outcome = await planner({
    octokit: env.octokit,
    repo: env.repo,
    issue: { number: env.issue, title, body },
    config: requireRecord(env).config,
    log: env.log,
  });
  if (outcome.ok) return [{ type: "PlanReady", id, plan: outcome.plan }];
  return [{ type: "PlanFailed", id, errors: outcome.errors.length > 0 ? outcome.errors : ["the planner failed"] }];
};
