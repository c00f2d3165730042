import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { parseWorkflow } from "../workflows/parse-workflow.js";
import type { Workflow } from "../workflows/workflow.js";

/** One way the repository's executor workflow differs from the template the app ships. */
export interface ExecutorDifference {
  line: number;
  message: string;
}

/**
 * Is the repository's executor workflow current? Compared by STRUCTURE with the template the app ships
 * (`EXECUTOR_WORKFLOW`), never byte for byte: maintainers add their setup steps, pin other refs and edit
 * comments, and the template itself changes shape between releases. What must match is what Conductor relies
 * on: it is dispatched (`workflow_dispatch`) with the template's inputs, it has the template's jobs (by id),
 * and it uses every action the template uses (by repository, any ref). The one place this is decided.
 */
export function compareExecutorWorkflow(path: string, actual: string, template: string): ExecutorDifference[] {
  const mine = parseWorkflow(path, actual);
  const theirs = parseWorkflow("template", template);
  const differences: ExecutorDifference[] = mine.problems.map(({ line, message }) => ({ line, message }));
  const dispatch = mine.triggers.find((t) => t.event === "workflow_dispatch");
  if (!dispatch) {
    differences.push({
      line: mine.onLine,
      message: "it does not listen to `workflow_dispatch`, so Conductor cannot dispatch it",
    });
  } else {
    const have = dispatchInputs(actual);
    const missing = dispatchInputs(template).filter((name) => !have.includes(name));
    if (missing.length > 0) {
      differences.push({
        line: dispatch.line,
        message: `its \`workflow_dispatch\` lacks the inputs ${names(missing)}`,
      });
    }
  }
  const jobs = mine.jobs.map((j) => j.id);
  const missingJobs = theirs.jobs.map((j) => j.id).filter((id) => !jobs.includes(id));
  if (missingJobs.length > 0) {
    differences.push({
      line: mine.jobs[0]?.line ?? 1,
      message: `the current template has the jobs ${names(theirs.jobs.map((j) => j.id))}; this file lacks ${names(missingJobs)}`,
    });
  }
  const used = actionsUsed(mine);
  for (const action of new Set(actionsUsed(theirs).map((a) => a.action))) {
    if (!used.some((a) => a.action === action)) {
      differences.push({
        line: mine.jobs[0]?.line ?? 1,
        message: `no step uses \`${action}\`, which the template uses`,
      });
    }
  }
  return differences;
}

const names = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(", ");

/** `owner/repo/path@ref` → `owner/repo/path`, for every step of every job. */
function actionsUsed(workflow: Workflow): { action: string; line: number }[] {
  return workflow.jobs.flatMap((job) =>
    job.steps.flatMap((step) => (step.uses ? [{ action: step.uses.replace(/@.*$/, ""), line: step.line }] : [])),
  );
}

function dispatchInputs(text: string): string[] {
  const document = parseDocument(text, { lineCounter: new LineCounter() });
  const on = isMap(document.contents) ? document.contents.get("on", true) : undefined;
  const dispatch = isMap(on) ? on.get("workflow_dispatch", true) : undefined;
  const inputs = isMap(dispatch) ? dispatch.get("inputs", true) : undefined;
  if (!isMap(inputs)) return [];
  return inputs.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
}
