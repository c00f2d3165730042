import type { TaskRecord } from "../../core/record.js";
import { renderEstimate } from "../../estimate/render-estimate.js";

/**
 * The estimate in the dashboard (docs/estimates.md): in the open while the plan waits for `/approve-plan`, so
 * the approver sees what it will cost; folded away once approved, kept as it was approved.
 */
export function estimateSection(r: TaskRecord): string[] {
  if (!r.estimate) return [];
  if (r.status === "awaiting_approval") {
    return ["### Estimate before approval", "", ...renderEstimate(r.estimate), ""];
  }
  return [
    "<details><summary>Estimate (as approved)</summary>",
    "",
    ...renderEstimate(r.estimate),
    "",
    "</details>",
    "",
  ];
}
