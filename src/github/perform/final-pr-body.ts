import type { TaskRecord } from "../../core/record.js";
import { moduleActual, taskActual } from "../../estimate/actuals.js";
import { renderComparison } from "../../estimate/render-estimate.js";
import { renderSpec } from "../../plan/render.js";

const money = (usd: number): string => `$${usd.toFixed(2)}`;

/**
 * The final PR's body (DESIGN §1.9): what was planned, which module PRs did it, the checkpoints, the
 * attempts and the cost, and `Closes #<issue>` so merging it closes the task issue.
 */
export function renderFinalBody(record: TaskRecord): string {
  const modules = record.modules.map((m) => {
    const charged = m.attempts.filter((a) => a.charged).length;
    const pr = m.pr === null ? "—" : `#${m.pr}`;
    return `| ${m.phase} | ${m.name} | ${pr} | ${m.state} | ${m.attempts.length} (${charged} charged) |`;
  });
  const checkpoints = record.checkpoints.map(
    (c) => `- Phase ${c.phase}: \`${c.sha.slice(0, 7)}\` at ${new Date(c.at).toISOString()}`,
  );
  const attempts = record.modules.reduce((n, m) => n + m.attempts.length, 0);
  const lines = [
    `Conductor finished every phase of #${record.issue}. Review and merge this PR to land the work on \`${record.base_branch}\`.`,
    "",
    "### Modules",
    "",
    "| phase | module | PR | state | attempts |",
    "|---|---|---|---|---|",
    ...modules,
    "",
    "### Checkpoints",
    "",
    ...(checkpoints.length > 0 ? checkpoints : ["- none"]),
    "",
    `Attempts: ${attempts} · cost: ${money(record.cost_usd)}`,
    "",
  ];
  // The estimate as approved against what it took (docs/estimates.md#the-final-pr).
  if (record.estimate) {
    const actuals = new Map(record.modules.map((m) => [m.key, moduleActual(record, m)]));
    lines.push("### Estimate vs actual", "", ...renderComparison(record.estimate, actuals, taskActual(record)), "");
  }
  if (record.plan) {
    lines.push(
      "<details><summary>The plan</summary>",
      "",
      "````markdown",
      renderSpec(record.plan).trimEnd(),
      "````",
      "",
      "</details>",
      "",
    );
  }
  lines.push(`Closes #${record.issue}`);
  return lines.join("\n");
}
