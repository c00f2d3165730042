import { z } from "zod";
import { bodyLines } from "../section.js";

/** What the app writes into a task issue it opened from a pushed file (docs/spec-format.md#task-files). */
export const TaskFileMarker = z.object({
  path: z.string().min(1),
  blob: z.string().regex(/^[0-9a-f]{40}$/),
  follows: z.string().min(1).nullable(),
});
export type TaskFileMarker = z.infer<typeof TaskFileMarker>;

const MARKER = /<!-- conductor:task-file (\{.*?\}) -->/;

/** The marker comment for a task issue opened from `path` at blob `blob`. */
export function renderTaskFileMarker(marker: TaskFileMarker): string {
  return `<!-- conductor:task-file ${JSON.stringify(marker)} -->`;
}

/** The marker of a body, or null (none, or not ours in shape). */
export function readTaskFileMarker(body: string): TaskFileMarker | null {
  const match = MARKER.exec(body);
  if (match === null) return null;
  try {
    const parsed = TaskFileMarker.safeParse(JSON.parse(match[1] ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A fenced ```json block of an issue body that is a task file, with the body line it starts on. */
export interface TaskFileBlock {
  text: string;
  /** The 1-based body line of the opening fence. */
  line: number;
}

// A task file names its review or its fixes; other JSON in an issue (a config sample, a payload) is
// prose for the planner, not a plan. Checked on the text, so a broken task file is still found and its
// syntax error reported instead of the issue silently going to the planner.
const LOOKS_LIKE_TASK_FILE = /"(review_id|fixes)"\s*:/;

/** The first fenced ```json block of the body that is (or tries to be) a task file, or null. */
export function findTaskFileBlock(body: string): TaskFileBlock | null {
  const lines = bodyLines(body);
  for (let i = 0; i < lines.length; i += 1) {
    const open = lines[i];
    const fence = open?.opensFence ? /^ {0,3}(`{3,}|~{3,})[ \t]*json[ \t]*$/i.exec(open.text)?.[1] : undefined;
    if (open === undefined || fence === undefined) continue;
    const inside: string[] = [];
    // CommonMark: the block closes at a fence of the same character, at least as long, alone on its line.
    for (const line of lines.slice(i + 1)) {
      const close = /^ {0,3}(`{3,}|~{3,})$/.exec(line.text)?.[1];
      if (close !== undefined && close[0] === fence[0] && close.length >= fence.length) break;
      inside.push(line.text);
    }
    const text = inside.join("\n");
    if (LOOKS_LIKE_TASK_FILE.test(text)) return { text, line: open.number };
  }
  return null;
}
