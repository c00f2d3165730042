import { describe, expect, test } from "vitest";
import { renderDashboard } from "../../src/github/dashboard/dashboard.js";
import { renderFinalBody } from "../../src/github/perform/final-pr-body.js";
import { Driver, MINUTE, makePlan } from "../core/driver.js";

describe("the estimate in the dashboard and the final PR", () => {
  test("before /approve-plan the dashboard shows each module's and the total's ranges and the method", () => {
    const d = new Driver({ plan: makePlan([2, 1]), config: { plan: { approval: "required" } } });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("awaiting_approval");
    const record = d.record;
    if (!record) throw new Error("no record");
    const body = renderDashboard(record, d.now);
    expect(body).toContain("### Estimate before approval");
    expect(body).toContain("| module | attempts | input tokens | output tokens | USD | wall time |");
    expect(body).toMatch(/\| mod1a \(phase 1\) \| 1\.3 \(1–3\) \| \d+k \(\d+k–[\d.]+M?k?\) \|/);
    expect(body).toMatch(/\| \*\*total\*\* \| 3\.9 \(3–9\) \|/);
    expect(body).toContain("Method: from the brief's size and the priors in docs/estimates.md#priors");
    // The estimate comes before the phases, where the approver reads first.
    expect(body.indexOf("Estimate before approval")).toBeLessThan(body.indexOf("### Phase 1"));
  });

  test("after approval the estimate stays as approved, folded away, and the final PR compares it with the actuals", () => {
    const d = new Driver({ plan: makePlan([2, 1]), config: { plan: { approval: "required" } } });
    d.label();
    d.settle();
    const approved = d.record?.estimate;
    d.now += 10 * MINUTE;
    d.command({ name: "approve-plan" });
    d.settle();
    const record = d.record;
    if (!record || !approved) throw new Error("no record or no estimate");
    expect(record.status).toBe("done");
    expect(record.estimate).toEqual(approved);
    expect(renderDashboard(record, d.now)).toContain("<details><summary>Estimate (as approved)</summary>");
    const body = renderFinalBody(record);
    expect(body).toContain("### Estimate vs actual");
    // Each attempt of the driver spends $0.50 and 1,000 prompt tokens, once per module.
    expect(body).toMatch(/\| mod1a \(phase 1\) \| 1 ✓ vs 1\.3 \(1–3\) \| 1k ▼ vs \d+k/);
    expect(body).toMatch(/\| \*\*total\*\* \| 3 ✓ vs 3\.9 \(3–9\) \|/);
    expect(body).toMatch(/\d+ of 20 figures landed inside their range\./);
  });

  test("an auto-approved plan has no estimate, so the final PR has no comparison", () => {
    const d = new Driver({ plan: makePlan([1]) });
    d.label();
    d.settle();
    expect(d.record?.estimate).toBeNull();
    expect(d.record && renderFinalBody(d.record)).not.toContain("Estimate vs actual");
  });
});
