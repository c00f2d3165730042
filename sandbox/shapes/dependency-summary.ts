import type { SandboxContext } from "../context.js";

/**
 * GitHub's `issue_dependencies_summary` on an issue: how many issues block it (`blocked_by`: open ones)
 * and how many it blocks (`blocking`: open ones), with the totals. Apps read it to skip a request.
 */
export function dependencySummary(ctx: SandboxContext, number: number) {
  const open = (n: number) => ctx.state.issues[n]?.state === "open";
  const blockedBy = ctx.state.blockedBy[number] ?? [];
  const blocking = Object.entries(ctx.state.blockedBy)
    .filter(([, blockers]) => blockers.includes(number))
    .map(([blocked]) => Number(blocked));
  return {
    blocked_by: blockedBy.filter(open).length,
    blocking: blocking.filter(open).length,
    total_blocked_by: blockedBy.length,
    total_blocking: blocking.length,
  };
}
