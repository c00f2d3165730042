import type { Item } from "../../protocol/item.js";
import type { Module, Plan } from "../plan.js";
import { slugify } from "../slug.js";
import type { TaskFile, TaskFileSource, TaskFix } from "./task-file.js";

/** How a task file's fixes become modules: one per `component` (the default), or one per file. */
export type TaskFileModules = "component" | "file";

export interface TaskFilePlanOptions {
  modules: TaskFileModules;
  path: string | null;
  follows: string | null;
}

/**
 * A task file as a plan (docs/spec-format.md#task-files): one phase, named after the review, whose modules
 * run in parallel — one per `component` (a fix's own, else the file's) or, with `modules: file`, one per
 * fixed file (fixes that name no file stay with their component). Fixes keep their ids, severities, files
 * and lines; the file's `instructions` are every module's free text; the source rides along in the plan
 * so the record keeps the `review_id` and the final PR can write the incoming file.
 */
export function taskFilePlan(file: TaskFile, text: string, options: TaskFilePlanOptions): Plan {
  const groups = new Map<string, TaskFix[]>();
  for (const fix of file.fixes) {
    const key = options.modules === "file" && fix.file !== undefined ? fix.file : (fix.component ?? file.component);
    groups.set(key, [...(groups.get(key) ?? []), fix]);
  }
  const slugs = new Set<string>();
  const modules: Module[] = [...groups].map(([name, fixes]) => ({
    name,
    slug: uniqueSlug(name, slugs),
    paths: [],
    test_command: null,
    instructions: file.instructions.trim(),
    fixes: fixes.map(toItem),
    depends_on: [],
  }));
  const source: TaskFileSource = {
    kind: "task_file",
    review_id: file.review_id,
    component: file.component,
    path: options.path,
    follows: options.follows,
    text,
  };
  return {
    phases: [
      {
        number: 1,
        name: `Review ${file.review_id}`,
        tasks: [],
        modules,
        test_command: null,
        success_criteria: [],
        gotchas: [],
      },
    ],
    source,
  };
}

function toItem(fix: TaskFix): Item {
  return {
    id: fix.id,
    severity: fix.severity,
    ...(fix.file === undefined ? {} : { file: fix.file }),
    ...(fix.line === undefined || fix.line === null ? {} : { line: fix.line }),
    issue: fix.issue,
    fix: fix.fix,
    verification: fix.verification,
  };
}

// Module branches are `p1-<slug>`: two names with one slug (`src/a.ts`, `src/a-ts`), or a name with no
// letter or digit, still need distinct, valid branch names.
function uniqueSlug(name: string, taken: Set<string>): string {
  const base = slugify(name) || "module";
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}
