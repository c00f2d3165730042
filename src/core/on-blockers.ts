import { advance } from "./advance.js";
import type { EventOf } from "./events.js";
import { log, type Step } from "./step.js";

/** `#12, #15` */
export const issueList = (issues: readonly number[]): string => issues.map((n) => `#${n}`).join(", ");

/**
 * The open issues that block the task (GitHub's "blocked by", docs/task-graph.md#blocked-by). While any is
 * open the task plans but opens and dispatches nothing (running attempts finish, green modules merge);
 * when the last one closes it goes on by itself, without a new label.
 */
export function onBlockersRead(s: Step, event: EventOf<"BlockersRead">): void {
  const { r } = s;
  const blockers = [...new Set(event.blockers)].filter((n) => n !== r.issue).sort((a, b) => a - b);
  const before = r.blockers;
  if (blockers.join() === before.join()) return;
  r.blockers = blockers;
  if (blockers.length > 0) log(s, `waits for ${issueList(blockers)} to close (blocked by)`);
  else log(s, `${before.length === 1 ? "the blocking issue" : "every blocking issue"} closed; going on`);
  advance(s);
}
