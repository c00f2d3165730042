import type { ItemResult } from "../../protocol/result.js";
import type { FixResult } from "./task-file.js";

/**
 * The incoming file (docs/spec-format.md#task-files): the task file exactly as it was given, with a `result`
 * node added to each fix, in the protocol's shape and nothing more. A fix no result speaks of (its module
 * never reported) is FAILED and says so. Keys are kept in their order, so a diff against the outgoing
 * file shows only the results.
 */
export function incomingFile(text: string, results: ReadonlyMap<string, ItemResult>): string {
  const file: unknown = JSON.parse(text);
  if (!isRecord(file) || !Array.isArray(file.fixes)) throw new Error("the task file has no fixes array");
  const fixes = file.fixes.map((fix: unknown) => {
    if (!isRecord(fix) || typeof fix.id !== "string") return fix;
    return { ...fix, result: fixResult(results.get(fix.id)) };
  });
  return `${JSON.stringify({ ...file, fixes }, null, 2)}\n`;
}

/** One fix's `result` node from the executor's item result. */
export function fixResult(item: ItemResult | undefined): FixResult {
  if (item === undefined) {
    return {
      status: "FAILED",
      changes_made: [],
      problems_encountered: ["no executor result reported on this fix"],
      solution: "",
      verification_command: "",
      hallucination_check: "",
    };
  }
  return {
    status: item.status,
    changes_made: item.changes_made.map((c) => (c.change === "" ? c.file : `${c.file}: ${c.change}`)),
    problems_encountered: item.problems_encountered,
    solution: item.solution,
    verification_command: item.verification_command,
    hallucination_check: item.hallucination_check,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
