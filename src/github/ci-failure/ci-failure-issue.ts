import { z } from "zod";
import { slugify } from "../../plan/slug.js";

/** The label of every red-CI task issue, so maintainers can filter them. */
export const CI_FAILURE_LABEL = "conductor:ci-failure";

/** Which workflow on which branch an issue is about, and the red head it was opened for. */
export const CiFailureMarker = z.object({ workflow: z.string().min(1), branch: z.string().min(1), sha: z.string() });
export type CiFailureMarker = z.infer<typeof CiFailureMarker>;

const ISSUE_MARKER = /<!-- conductor:ci-failure (\{.*?\}) -->/;
const RUN_MARKER = /<!-- conductor:ci-failure-run (\{.*?\}) -->/g;

export function readCiFailureMarker(body: string): CiFailureMarker | null {
  const match = ISSUE_MARKER.exec(body);
  if (match === null) return null;
  try {
    const parsed = CiFailureMarker.safeParse(JSON.parse(match[1] ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The head SHAs a comment already reported (`<!-- conductor:ci-failure-run {"sha": …} -->`). */
export function reportedShas(body: string): string[] {
  return [...body.matchAll(RUN_MARKER)].flatMap((m) => {
    try {
      const parsed = z.object({ sha: z.string() }).safeParse(JSON.parse(m[1] ?? ""));
      return parsed.success ? [parsed.data.sha] : [];
    } catch {
      return [];
    }
  });
}

/** What failed in a run: its failed jobs with their failed steps, and the first failed job's log tail. */
export interface RunFailure {
  jobs: { name: string; steps: string[] }[];
  logTail: string;
}

/** A fence longer than any backtick run in the text, so the text cannot close it early. */
function fenced(text: string): string {
  const fence = "`".repeat(Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${fence}\n${text.trimEnd()}\n${fence}`;
}

function failureLines(failure: RunFailure): string[] {
  const jobs = failure.jobs.flatMap((job) => [
    `- job \`${job.name}\`${job.steps.length > 0 ? `, failed steps: ${job.steps.map((s) => `\`${s}\``).join(", ")}` : ""}`,
  ]);
  const lines = ["Failing jobs:", ...(jobs.length > 0 ? jobs : ["- (the run lists no failed job)"])];
  if (failure.logTail !== "") lines.push("", "Log tail:", "", fenced(failure.logTail));
  return lines;
}

/**
 * The task issue for a red workflow on a watched branch: a one-module plan in the spec format ("make
 * <workflow> green again"), whose module text carries the failing jobs, steps and log tail, so the brief
 * gives the executor what a maintainer would look at first (docs/red-ci-loop.md).
 */
export function ciFailureIssue(
  marker: CiFailureMarker,
  run: { url: string; file: string },
  failure: RunFailure,
): { title: string; body: string } {
  const short = marker.sha.slice(0, 7);
  const module = `ci-${slugify(marker.workflow) || "workflow"}`;
  const body = [
    `The \`${marker.workflow}\` workflow failed on \`${marker.branch}\` at ${short}: ${run.url}`,
    "",
    "Conductor opened this task because `triggers.ci_failure` watches it. A green run on the branch closes",
    "it if the task has not started.",
    "",
    "## Implementation Phases",
    "",
    `### Phase 1: Make ${marker.workflow} green again`,
    `- Make the \`${marker.workflow}\` workflow (\`${run.file}\`) pass on \`${marker.branch}\` again; it failed at ${marker.sha}`,
    "- Fix the cause in the code or its tests; do not disable, skip or delete a test, and do not change the workflow",
    `Modules: ${module}`,
    "",
    `#### Module: ${module}`,
    "",
    ...failureLines(failure),
    "",
    `<!-- conductor:ci-failure ${JSON.stringify(marker)} -->`,
  ];
  return { title: `CI is red on ${marker.branch}: ${marker.workflow}`, body: body.join("\n") };
}

/** The comment on an open red-CI issue when the workflow fails again on another head. */
export function ciFailureComment(sha: string, run: { url: string }, failure: RunFailure): string {
  return [
    `Still red at ${sha.slice(0, 7)}: ${run.url}`,
    "",
    ...failureLines(failure),
    "",
    `<!-- conductor:ci-failure-run ${JSON.stringify({ sha })} -->`,
  ].join("\n");
}
