import { TaskRecord } from "../../src/core/record.js";
import { STATE_BRANCH, taskPath } from "../../src/github/store/store.js";
import { hasMarker } from "../../src/protocol/marker.js";
import type { Sandbox } from "../sandbox-types.js";

/** A task's state in the words of its label (`running` while it is anything else). */
export type WorldStatus = "done" | "blocked" | "aborted" | "running";

/** What `conductor simulate --json` prints. */
export interface Summary {
  status: WorldStatus;
  phases: {
    number: number;
    /** `sub_issue`: the module's sub-issue, with `tracking.sub_issues` (docs/task-graph.md#sub-issues). */
    modules: { name: string; pr: number | null; attempts: number; merged: boolean; sub_issue?: number }[];
  }[];
  escalations: number;
  api_calls: number;
}

/** The task's status from its issue's labels. */
export function statusOf(sandbox: Sandbox, issue: number): WorldStatus {
  const labels = sandbox.state().issues[issue]?.labels ?? [];
  if (labels.includes("conductor:done")) return "done";
  if (labels.includes("conductor:aborted")) return "aborted";
  if (labels.includes("conductor:blocked")) return "blocked";
  return "running";
}

/**
 * The task record's JSON text as stored (`tasks/<issue>.json` on the branch `conductor/state`, see
 * src/github/store/store.ts), read straight from the sandbox's repository, or null when there is none.
 */
export async function readRecordText(sandbox: Sandbox, issue: number): Promise<string | null> {
  return sandbox.git(["show", `refs/heads/${STATE_BRANCH}:${taskPath(issue)}`]).catch(() => null);
}

/** The task record as stored, parsed, or null. */
export async function readRecord(sandbox: Sandbox, issue: number): Promise<TaskRecord | null> {
  const text = await readRecordText(sandbox, issue);
  return text === null ? null : TaskRecord.parse(JSON.parse(text));
}

/** The app's comments on the issue that carry `kind`'s marker, oldest first. */
export function markedComments(sandbox: Sandbox, issue: number, kind: "dashboard" | "escalation"): string[] {
  return Object.values(sandbox.state().comments)
    .filter((c) => c.issue === issue && c.user === sandbox.app.bot && hasMarker(kind, c.body))
    .sort((a, b) => a.id - b.id)
    .map((c) => c.body);
}

/** The run's outcome: the record's modules by phase, escalation comments, and every API request made. */
export async function summarize(sandbox: Sandbox, issue: number): Promise<Summary> {
  const record = await readRecord(sandbox, issue);
  const phases: Summary["phases"] = [];
  for (const module of record?.modules ?? []) {
    let phase = phases.find((p) => p.number === module.phase);
    if (!phase) {
      phase = { number: module.phase, modules: [] };
      phases.push(phase);
    }
    phase.modules.push({
      name: module.name,
      pr: module.pr,
      attempts: module.attempts.length,
      merged: module.state === "merged",
      ...(module.sub_issue ? { sub_issue: module.sub_issue.number } : {}),
    });
  }
  return {
    status: statusOf(sandbox, issue),
    phases: phases.sort((a, b) => a.number - b.number),
    escalations: markedComments(sandbox, issue, "escalation").length,
    api_calls: sandbox.calls().total,
  };
}
