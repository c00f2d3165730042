import { formatSpecError, hasSpec, parseSpec } from "./parse.js";
import type { Plan } from "./plan.js";
import { findTaskFileBlock, readTaskFileMarker } from "./task-file/find-task-file.js";
import { parseTaskFile } from "./task-file/parse-task-file.js";
import { type TaskFileModules, taskFilePlan } from "./task-file/task-file-plan.js";

/** What an issue body says about its plan: one it brings, its problems, or none (the planner writes one). */
export type BodyPlan = { kind: "plan"; plan: Plan } | { kind: "errors"; errors: string[] } | { kind: "none" };

/**
 * The plan an issue body brings (DESIGN §1.2): its `## Implementation Phases` section, else a task file in
 * a fenced ```json block (docs/spec-format.md#task-files). Errors name the body line, or for a task file
 * the block's line and the JSON path.
 */
export function planFromBody(body: string, modules: TaskFileModules): BodyPlan {
  if (hasSpec(body)) {
    const parsed = parseSpec(body);
    return parsed.ok
      ? { kind: "plan", plan: parsed.plan }
      : { kind: "errors", errors: parsed.errors.map(formatSpecError) };
  }
  const block = findTaskFileBlock(body);
  if (block === null) return { kind: "none" };
  const marker = readTaskFileMarker(body);
  const parsed = parseTaskFile(block.text);
  if (!parsed.ok) {
    return {
      kind: "errors",
      errors: parsed.errors.map((e) => `task file (the \`\`\`json block on line ${block.line}): ${e}`),
    };
  }
  const plan = taskFilePlan(parsed.file, parsed.text, {
    modules,
    path: marker?.path ?? null,
    follows: marker?.follows ?? null,
  });
  return { kind: "plan", plan };
}

/** A file on its own (`conductor plan FILE.json`): the whole text is the task file. */
export function planFromTaskFile(text: string, modules: TaskFileModules, path: string | null): BodyPlan {
  const parsed = parseTaskFile(text);
  if (!parsed.ok) return { kind: "errors", errors: parsed.errors };
  return { kind: "plan", plan: taskFilePlan(parsed.file, parsed.text, { modules, path, follows: null }) };
}
