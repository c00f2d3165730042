import type { Intake } from "../reconcile/intake.js";
import { nothing } from "../reconcile/intake.js";
import { readSubIssueMarker } from "../sub-issues/sub-issue-body.js";

/**
 * `issues.assigned|unassigned` on a module's sub-issue → `SubIssueAssigned` for its task, found from the
 * sub-issue's marker (docs/task-graph.md#sub-issues). The core keeps the list only for the sub-issue it
 * recorded, so a copied marker changes nothing.
 */
export function subIssueAssigned(
  id: string,
  number: number,
  body: string | null | undefined,
  assignees: string[],
): Intake | null {
  const marker = readSubIssueMarker(body);
  if (!marker || marker.task === number) return null;
  return {
    issue: marker.task,
    id,
    async build({ record }) {
      if (!record) return nothing;
      return { events: [{ type: "SubIssueAssigned", id, module: marker.module, number, assignees }] };
    },
  };
}
