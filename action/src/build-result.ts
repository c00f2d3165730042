import type { Brief } from "../../src/protocol/brief.js";
import { type ItemResult, RESULT_VERSION, type Result, type Usage } from "../../src/protocol/result.js";
import type { AgentOutcome } from "./run-agent.js";
import type { HarnessRuns } from "./run-harness.js";

export interface ResultFacts {
  brief: Brief;
  outcome: AgentOutcome;
  harness: HarnessRuns;
  headSha: string;
  usage: Usage;
  turns: number;
  durationMs: number;
  /** What the harness found wrong besides its command runs (e.g. conflict markers left); fails the result. */
  problems: readonly string[];
  /** The engine, model and instruction files of the attempt (Result.agent); absent when no engine ran. */
  agent?: Result["agent"];
}

const DONE_STATUSES: ReadonlySet<string> = new Set(["FIXED", "NO_CHANGE_NEEDED", "ALREADY_IMPLEMENTED"]);

/**
 * The `Result` of an attempt. `done` needs every item reported done by the model AND every harness run
 * passing; the model's word alone never makes a result `done`. An item the model never reported on is
 * FAILED, with the reason in `problems_encountered`.
 */
export function buildResult(facts: ResultFacts): Result {
  const { brief, outcome, harness } = facts;
  const items: ItemResult[] = brief.items.map((item) => {
    const runs = harness.items.get(item.id) ?? { verification: null, hallucination_check: null };
    const reported = outcome.report?.items.find((r) => r.id === item.id);
    if (reported) return { ...reported, harness: runs };
    return {
      id: item.id,
      status: "FAILED",
      changes_made: [],
      problems_encountered: [`the model did not report on this item (${describeStop(outcome)})`],
      solution: "",
      verification_command: item.verification,
      hallucination_check: "",
      harness: runs,
    };
  });
  const runs = [harness.test, ...items.flatMap((i) => [i.harness.verification, i.harness.hallucination_check])];
  const harnessFailed = runs.some((run) => run !== null && run.exit_code !== 0);
  const result: Result = {
    version: RESULT_VERSION,
    task: brief.task,
    module: brief.module,
    attempt: brief.attempt,
    nonce: brief.nonce,
    head_sha: facts.headSha,
    status: overallStatus(outcome, items, harnessFailed || facts.problems.length > 0),
    items,
    test: harness.test,
    usage: facts.usage,
    turns: facts.turns,
    duration_ms: Math.max(0, Math.round(facts.durationMs)),
    stop_reason: outcome.stop,
    ...(facts.agent ? { agent: facts.agent } : {}),
  };
  if (outcome.stop !== "finished") {
    const undone = items.filter((i) => !DONE_STATUSES.has(i.status)).map((i) => i.id);
    result.error = `${outcome.detail}${undone.length > 0 ? `; not done: ${undone.join(", ")}` : ""}`;
  }
  return result;
}

function overallStatus(outcome: AgentOutcome, items: ItemResult[], harnessFailed: boolean): Result["status"] {
  if (outcome.stop === "error") return "failed";
  if (outcome.stop === "budget" || outcome.stop === "timeout") return "incomplete";
  if (harnessFailed || items.some((i) => i.status === "FAILED")) return "failed";
  if (items.some((i) => !DONE_STATUSES.has(i.status))) return "incomplete";
  return "done";
}

function describeStop(outcome: AgentOutcome): string {
  return outcome.stop === "finished" ? "it stopped without calling finish" : `${outcome.stop}: ${outcome.detail}`;
}
