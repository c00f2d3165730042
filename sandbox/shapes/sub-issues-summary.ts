import type { SandboxContext } from "../context.js";

/** The number of the issue whose sub-issue `number` is, if any. */
export function parentOf(ctx: SandboxContext, number: number): number | undefined {
  const entry = Object.entries(ctx.state.subIssues).find(([, children]) => children.includes(number));
  return entry ? Number(entry[0]) : undefined;
}

/**
 * GitHub's `sub_issues_summary` (how many sub-issues, how many closed as completed, the percentage) and
 * `parent_issue_url` on an issue; a GitHub without sub-issues has neither.
 */
export function subIssueFields(ctx: SandboxContext, number: number) {
  if (!ctx.subIssues) return {};
  const children = (ctx.state.subIssues[number] ?? []).map((n) => ctx.state.issues[n]);
  const total = children.length;
  const completed = children.filter((i) => i?.state === "closed" && i.state_reason === "completed").length;
  const parent = parentOf(ctx, number);
  return {
    sub_issues_summary: {
      total,
      completed,
      percent_completed: total === 0 ? 0 : Math.floor((completed * 100) / total),
    },
    parent_issue_url: parent === undefined ? null : `${ctx.api}/issues/${parent}`,
  };
}
