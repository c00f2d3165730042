import { matchWorkflow, type PullRequestEvent } from "../../src/workflows/match-trigger.js";
import { parseWorkflow } from "../../src/workflows/parse-workflow.js";
import type { Job, Step, Workflow } from "../../src/workflows/workflow.js";

/**
 * What the sandbox's CI does for one pull-request event, decided from the repository's own workflow files
 * with the same matcher the doctor and the app use (src/workflows/). Pure: the runner (`ci.ts`) performs it.
 *
 * Honoured (docs/doctor.md#the-sandboxs-ci): `on:` `pull_request` / `pull_request_target` with `types`, `branches`,
 * `branches-ignore`, `paths`, `paths-ignore`; job `if:` (as far as the event tells) and `needs`; steps'
 * `run:` in order, with `working-directory` (step, job or workflow `defaults.run`), literal `env`
 * (workflow, job, step), `shell: bash|sh`, and step `if:` only as `always()`. Not honoured, each said in
 * the check's output: `uses:` steps (skipped: no actions marketplace offline), matrices (one run), services
 * and containers, expressions inside `run:` (replaced by an empty string). A job whose `if:` is false makes
 * no check run here, where GitHub would report it `skipped`.
 */

/** A step to perform: a shell script, or a note about a step that is skipped. */
export type CiStep =
  | {
      kind: "run";
      line: number;
      label: string;
      script: string;
      shell: "bash" | "sh";
      cwd: string;
      env: Record<string, string>;
    }
  | { kind: "skip"; line: number; label: string; note: string };

/** One job that runs: its check run's name and its steps. */
export interface CiJobPlan {
  workflow: string;
  job: string;
  /** The check run's name, as GitHub names a job's check: the job's `name`, else its id. */
  name: string;
  notes: string[];
  steps: CiStep[];
}

/** The jobs that run for `event`, over every workflow file (path → text). */
export function planCi(files: readonly { path: string; text: string }[], event: PullRequestEvent): CiJobPlan[] {
  return files.flatMap(({ path, text }) => {
    const workflow = parseWorkflow(path, text);
    if (workflow.problems.length > 0) return [];
    const match = matchWorkflow(workflow, event);
    if (match.fired?.fires !== "yes") return [];
    return match.jobs.filter((j) => j.runs === true).map((j) => planJob(workflow, j.job));
  });
}

const EXPRESSION = /\$\{\{[^}]*\}\}/g;

function planJob(workflow: Workflow, job: Job): CiJobPlan {
  const notes: string[] = [];
  if (job.uses) notes.push(`job uses the reusable workflow \`${job.uses}\`: not run in the sandbox`);
  if (job.matrix) notes.push("`strategy.matrix`: run once, with no matrix values");
  const steps = job.steps.map((step, index): CiStep => {
    const label = step.name ?? (step.run ? (step.run.split("\n")[0] ?? "") : (step.uses ?? `step ${index + 1}`));
    if (step.run === null) {
      return {
        kind: "skip",
        line: step.line,
        label,
        note: `\`uses: ${step.uses ?? "?"}\` skipped: the sandbox runs only \`run:\` steps`,
      };
    }
    if (step.if !== null && !/^\s*(\$\{\{\s*)?always\(\)/.test(step.if)) {
      return {
        kind: "skip",
        line: step.line,
        label,
        note: `skipped: step \`if: ${step.if}\` is not evaluated in the sandbox`,
      };
    }
    return {
      kind: "run",
      line: step.line,
      label,
      script: step.run.replace(EXPRESSION, ""),
      shell: shellOf(step),
      cwd: step.workingDirectory ?? job.workingDirectory ?? workflow.workingDirectory ?? ".",
      env: literal({ ...workflow.env, ...job.env, ...step.env }),
    };
  });
  return {
    workflow: workflow.path,
    job: job.id,
    name: job.name.replace(EXPRESSION, "").trim() || job.id,
    notes,
    steps,
  };
}

const shellOf = (step: Step): "bash" | "sh" => (step.shell === "sh" ? "sh" : "bash");

/** Env values with expressions cannot be known offline; they are left out rather than guessed. */
function literal(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => !value.includes("${{")));
}
