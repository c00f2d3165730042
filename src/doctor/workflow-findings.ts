import { type ModulePull, modulePullVerdict } from "../workflows/module-pull-request.js";
import type { Workflow } from "../workflows/workflow.js";
import { at, type Finding } from "./finding.js";

/**
 * What one workflow does on a module PR, as a finding with the line to change. The fixes are what a
 * maintainer would write: add `'conductor/**'` to a branch filter, add `ready_for_review` to `types`.
 */
export function workflowFindings(workflow: Workflow, pr: ModulePull): { findings: Finding[]; checks: string[] } {
  const file = workflow.path;
  const findings: Finding[] = workflow.problems.map((p) =>
    at("error", file, p.line, `GitHub cannot use this workflow: ${p.message}`, "fix the file; GitHub runs none of it"),
  );
  const verdict = modulePullVerdict(workflow, pr);
  const into = `PRs into \`${pr.base}\``;
  switch (verdict.kind) {
    case "runs":
      if (verdict.target) {
        findings.push(
          at(
            "warning",
            file,
            verdict.line,
            `only \`pull_request_target\` fires on module ${into}: its checks report on the base branch's commit, not the module's head, so Conductor's gate never sees them`,
            "listen to `pull_request` as well (module PRs come from branches of this repository, never forks)",
          ),
        );
        return { findings, checks: [] };
      }
      findings.push(
        at("ok", file, verdict.line, `runs on module ${into} (\`${verdict.event}\`): ${names(verdict.jobs)}`),
      );
      return { findings, checks: verdict.jobs };
    case "depends":
      findings.push(
        at(
          "warning",
          file,
          verdict.line,
          `runs on module ${into} ${verdict.because}; a module that changes other files gets no check from it`,
          "widen the filter if every module should be tested by this workflow",
        ),
      );
      return { findings, checks: [] };
    case "skipped-on-drafts": {
      const one = verdict.jobs.length === 1;
      const jobs = names(verdict.jobs.map((j) => j.job.name));
      findings.push(
        at(
          "error",
          file,
          verdict.line,
          `${jobs} skip${one ? "s" : ""} draft PRs (line ${verdict.jobs[0]?.line}), and nothing runs ${one ? "it" : "them"} again when the executor marks the module PR ready: GitHub reports ${one ? "it" : "them"} \`skipped\`, which counts as passing, so modules merge untested`,
          "add `ready_for_review` to the `pull_request` `types` (e.g. `types: [opened, synchronize, reopened, ready_for_review]`)",
        ),
      );
      return { findings, checks: [] };
    }
    case "filtered":
      findings.push(
        at(
          "warning",
          file,
          verdict.line,
          `does not run on module ${into}: ${verdict.because}`,
          fixFor(verdict.because),
        ),
      );
      return { findings, checks: [] };
    case "jobs-skipped":
      findings.push(
        at(
          "warning",
          file,
          verdict.line,
          `fires on module ${into}, but no job runs: ${verdict.because}`,
          "let the job's `if:` hold for pull requests into `conductor/**`",
        ),
      );
      return { findings, checks: [] };
    case "not-triggered":
      findings.push(
        at(
          "info",
          file,
          workflow.onLine,
          `not run by pull requests or pushes (on: ${verdict.events.join(", ") || "nothing"})`,
        ),
      );
      return { findings, checks: [] };
    default: {
      const _exhaustive: never = verdict;
      return _exhaustive;
    }
  }
}

const names = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(", ");

function fixFor(because: string): string {
  if (because.startsWith("`branches-ignore`"))
    return "remove the pattern that matches `conductor/**` from `branches-ignore`";
  if (because.startsWith("`branches`")) return "add `'conductor/**'` to `branches`";
  if (/types/.test(because)) return "add `synchronize` and `ready_for_review` to `types`";
  if (/paths/.test(because)) return "widen the `paths` filter";
  if (/tags/.test(because)) return "add `branches: ['conductor/**']` next to `tags`";
  return "make it listen to `pull_request` into `conductor/**`";
}
