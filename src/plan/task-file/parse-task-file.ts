import type { z } from "zod";
import { jsonSyntaxError } from "./json-syntax-error.js";
import { TaskFile } from "./task-file.js";

export type ParseTaskFileResult = { ok: true; file: TaskFile; text: string } | { ok: false; errors: string[] };

/** Task files over this many UTF-8 bytes are refused, as issue bodies are (GitHub caps those at 65,536). */
export const MAX_TASK_FILE_BYTES = 64 * 1024;

/**
 * Reads a task file (docs/spec-format.md#task-files). Every problem names where it is: a JSON syntax
 * error its line and column, a schema problem its JSON path (`$.fixes[2].severity`), all of them at once.
 */
export function parseTaskFile(text: string): ParseTaskFileResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_TASK_FILE_BYTES) {
    return { ok: false, errors: [`$: the task file is ${bytes} bytes, over the ${MAX_TASK_FILE_BYTES}-byte limit`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, errors: [jsonSyntaxError(text)] };
  }
  const parsed = TaskFile.safeParse(json);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => formatIssue(issue, json)) };
  const errors = duplicateIds(parsed.data);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, file: parsed.data, text };
}

/** `$.fixes[2].severity`: the JSONPath form editors and `jq` users read. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${out}.${name}` : `${out}[${JSON.stringify(name)}]`;
  }, "$");
}

function formatIssue(issue: z.core.$ZodIssue, json: unknown): string {
  return `${jsonPath(issue.path)}: ${describe(issue, valueAt(json, issue.path) === undefined)}`;
}

function describe(issue: z.core.$ZodIssue, missing: boolean): string {
  switch (issue.code) {
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v)).join(", ");
      return missing ? `is required: one of ${values}` : `expected one of ${values}`;
    }
    case "invalid_type":
      return missing ? `is required (${issue.expected})` : `expected ${issue.expected}`;
    case "too_small":
      if (issue.origin === "array") return "needs at least one entry";
      if (issue.origin === "string") return "must not be empty";
      return issue.inclusive ? `must be at least ${issue.minimum}` : `must be more than ${issue.minimum}`;
    default:
      return issue.message;
  }
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

// The fixes' ids are what the incoming file and the result match on, so two fixes may not share one.
function duplicateIds(file: TaskFile): string[] {
  const first = new Map<string, number>();
  const errors: string[] = [];
  file.fixes.forEach((fix, index) => {
    const seen = first.get(fix.id);
    if (seen === undefined) first.set(fix.id, index);
    else errors.push(`$.fixes[${index}].id: "${fix.id}" is already the id of $.fixes[${seen}]`);
  });
  return errors;
}
