import { expect, test } from "vitest";
import { renderDashboard } from "../../src/github/dashboard/dashboard.js";
import { Scenario, START } from "./scenario.js";

const finding = (
  severity: "error" | "warning" | "ok" | "info",
  message: string,
  file: string | null,
  line: number | null,
) => ({
  severity,
  message,
  file,
  line,
  fix: severity === "error" ? "add `'conductor/**'` to `branches`" : null,
});

test("the pre-flight's errors and warnings go into the record, the log and the dashboard; ok and info do not", () => {
  const s = new Scenario().opened({ "p1-proto": 11 });
  s.apply({
    type: "PreflightChecked",
    id: "effect:g1:plan:1:preflight",
    findings: [
      finding("ok", "the executor workflow is present and current", ".github/workflows/conductor-executor.yml", null),
      finding("error", "no CI runs on module PRs into `conductor/7/integration`", ".github/workflows/ci.yml", 6),
      finding("info", "reads the secret `ANTHROPIC_API_KEY`", ".github/workflows/conductor-executor.yml", 70),
      finding("warning", "runs only when a changed file matches `paths`", ".github/workflows/docs.yml", 4),
    ],
  });
  expect(s.record.preflight.map((f) => f.severity)).toEqual(["error", "warning"]);
  expect(s.record.log.at(-1)?.text).toBe("pre-flight: 1 error, 1 warning (see the dashboard's pre-flight section)");
  const text = renderDashboard(s.record, START);
  expect(text).toContain(
    [
      "**Pre-flight** (1 error, 1 warning; the checks of `conductor doctor`, run when the task started):",
      "",
      "- ❌ `.github/workflows/ci.yml:6`: no CI runs on module PRs into `conductor/7/integration` — **fix:** add `'conductor/**'` to `branches`",
      "- ⚠️ `.github/workflows/docs.yml:4`: runs only when a changed file matches `paths`",
    ].join("\n"),
  );

  const clean = new Scenario().opened({ "p1-proto": 11 });
  clean.apply({
    type: "PreflightChecked",
    id: "effect:g1:plan:1:preflight",
    findings: [finding("ok", "the configuration is valid", ".github/conductor.yml", null)],
  });
  expect(clean.record.preflight).toEqual([]);
  expect(renderDashboard(clean.record, START)).not.toContain("Pre-flight");
});
