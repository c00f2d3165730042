import { describe, expect, test } from "vitest";
import { Config } from "../../src/config/schema.js";
import { diagnose } from "../../src/doctor/diagnose.js";
import { EXECUTOR_WORKFLOW } from "../../src/github/onboarding/onboarding-workflow.js";

const EXECUTOR = { path: ".github/workflows/conductor-executor.yml", text: EXECUTOR_WORKFLOW };
const MAIN_ONLY =
  "on:\n  pull_request:\n    branches: [main]\njobs:\n  test:\n    runs-on: x\n    steps:\n      - run: npm test\n";
const run = (ci: string, config: Record<string, unknown> = {}) =>
  diagnose({
    workflows: [EXECUTOR, { path: ".github/workflows/ci.yml", text: ci }],
    config: Config.parse(config),
    defaultBranch: "main",
    executorTemplate: EXECUTOR_WORKFLOW,
    issue: 7,
  });
const problems = (findings: ReturnType<typeof run>) =>
  findings.filter((f) => f.severity === "error" || f.severity === "warning").map((f) => [f.severity, f.file, f.line]);

describe("diagnose", () => {
  test("CI filtered to main is fine with integration: false (module PRs then target main)", () => {
    expect(problems(run(MAIN_ONLY))).toEqual([
      ["warning", ".github/workflows/ci.yml", 3],
      ["error", ".github/workflows", null],
    ]);
    expect(problems(run(MAIN_ONLY, { integration: false }))).toEqual([]);
  });

  test("gates.allow_no_checks turns the missing CI into a warning", () => {
    expect(problems(run(MAIN_ONLY, { gates: { allow_no_checks: true } }))).toEqual([
      ["warning", ".github/workflows/ci.yml", 3],
      ["warning", ".github/workflows", null],
    ]);
  });

  test("a check gates.checks requires that no job runs is an error naming it", () => {
    const findings = run("on: pull_request\njobs:\n  test:\n    runs-on: x\n", {
      gates: { checks: ["build", "test"] },
    });
    expect(findings.filter((f) => f.severity === "error").map((f) => f.message)).toEqual([
      "`gates.checks` requires `build`, but no workflow job named so runs on module PRs: each module would wait `gates.checks_timeout_minutes` (30 min) and then escalate",
    ]);
  });

  test("skipping drafts without ready_for_review: an error with the job's if: line and the fix", () => {
    const ci = `on: pull_request\njobs:\n  test:\n    if: \${{ !github.event.pull_request.draft }}\n    runs-on: x\n`;
    const [error] = run(ci).filter((f) => f.severity === "error");
    expect(error).toEqual({
      severity: "error",
      file: ".github/workflows/ci.yml",
      line: 1,
      message:
        "`test` skips draft PRs (line 4), and nothing runs it again when the executor marks the module PR ready: GitHub reports it `skipped`, which counts as passing, so modules merge untested",
      fix: "add `ready_for_review` to the `pull_request` `types` (e.g. `types: [opened, synchronize, reopened, ready_for_review]`)",
    });
  });
});
