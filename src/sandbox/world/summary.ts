import { TaskRecord } from "../../core/record.js";
import { recordInMessage, TASK_REF_PREFIX } from "../../github/store.js";
import { hasMarker } from "../../spec/marker.js";
import type { Sandbox } from "../sandbox-types.js";

/** A task's state in the words of its label (`running` while it is anything else). */
export type WorldStatus = "done" | "blocked" | "aborted" | "running";

/** What `conductor simulate --json` prints. */
export interface Summary {
  status: WorldStatus;
  phases: { number: number; modules: { name: string; pr: number | null; attempts: number; merged: boolean }[] }[];
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

/** The task record as stored on `refs/conductor/tasks/<issue>` (in its head commit's message), or null. */
export async function readRecord(sandbox: Sandbox, issue: number): Promise<TaskRecord | null> {
  const message = await sandbox.git(["log", "-1", "--format=%B", `${TASK_REF_PREFIX}${issue}`]).catch(() => null);
  const text = message === null ? null : recordInMessage(message);
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
    });
  }
  return {
    status: statusOf(sandbox, issue),
    phases: phases.sort((a, b) => a.number - b.number),
    escalations: markedComments(sandbox, issue, "escalation").length,
    api_calls: sandbox.calls().total,
  };
}
