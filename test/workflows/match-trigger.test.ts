import { describe, expect, test } from "vitest";
import { evaluateCondition } from "../../src/workflows/expression.js";
import { matchWorkflow, type PullRequestEvent, type TriggerEvent } from "../../src/workflows/match-trigger.js";
import { parseWorkflow } from "../../src/workflows/parse-workflow.js";

const pr = (over: Partial<PullRequestEvent> = {}): PullRequestEvent => ({
  kind: "pull_request",
  action: "synchronize",
  base: "conductor/7/integration",
  head: "conductor/7/p1-money",
  draft: false,
  paths: ["src/money.js", "test/money.test.js"],
  ...over,
});

/** A workflow whose `on:` is the given YAML block and one job `test`. */
const workflow = (on: string, job = "    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n") =>
  parseWorkflow(".github/workflows/ci.yml", `name: ci\n${on}\njobs:\n  test:\n${job}`);

const fires = (on: string, event: TriggerEvent) => matchWorkflow(workflow(on), event).fired?.fires ?? "no";

describe("trigger filters, one table per filter kind", () => {
  test.each([
    ["on: pull_request", "yes"],
    ["on: [push, pull_request]", "yes"],
    ["on: pull_request_target", "yes"],
    ["on: push", "no"],
    ["on:\n  pull_request:\n    branches: [main]", "no"],
    ["on:\n  pull_request:\n    branches: [main, 'conductor/**']", "yes"],
    ["on:\n  pull_request:\n    branches: ['conductor/*']", "no"],
    ["on:\n  pull_request:\n    branches: ['**', '!conductor/**']", "no"],
  ])("branches: %s → %s", (on, expected) => {
    expect(fires(on, pr())).toBe(expected);
  });

  test.each([
    ["on:\n  pull_request:\n    branches-ignore: ['conductor/**']", "no"],
    ["on:\n  pull_request:\n    branches-ignore: [gh-pages]", "yes"],
    ["on:\n  pull_request:\n    branches-ignore: ['conductor/*']", "yes"],
  ])("branches-ignore: %s → %s", (on, expected) => {
    expect(fires(on, pr())).toBe(expected);
  });

  test.each([
    ["on:\n  pull_request:\n    paths: ['src/**']", ["src/money.js"], "yes"],
    ["on:\n  pull_request:\n    paths: ['docs/**']", ["src/money.js"], "no"],
    ["on:\n  pull_request:\n    paths: ['**.js', '!test/**']", ["test/money.test.js"], "no"],
    ["on:\n  pull_request:\n    paths: ['**.js', '!test/**']", ["test/money.test.js", "src/money.js"], "yes"],
    ["on:\n  pull_request:\n    paths: ['src/**']", null, "depends"],
  ])("paths: %s with %j → %s", (on, paths, expected) => {
    expect(fires(on, pr({ paths }))).toBe(expected);
  });

  test.each([
    ["on:\n  pull_request:\n    paths-ignore: ['**.md']", ["README.md", "docs/a.md"], "no"],
    ["on:\n  pull_request:\n    paths-ignore: ['**.md']", ["README.md", "src/money.js"], "yes"],
    ["on:\n  pull_request:\n    paths-ignore: ['**.md']", null, "depends"],
  ])("paths-ignore: %s with %j → %s", (on, paths, expected) => {
    expect(fires(on, pr({ paths }))).toBe(expected);
  });

  test.each([
    ["on: pull_request", "opened", "yes"],
    ["on: pull_request", "reopened", "yes"],
    // GitHub's default types leave ready_for_review out.
    ["on: pull_request", "ready_for_review", "no"],
    ["on:\n  pull_request:\n    types: [opened, synchronize, reopened, ready_for_review]", "ready_for_review", "yes"],
    ["on:\n  pull_request:\n    types: [opened]", "synchronize", "no"],
    ["on:\n  pull_request_target:\n    types: [labeled]", "synchronize", "no"],
  ])("types: %s on %s → %s", (on, action, expected) => {
    expect(fires(on, pr({ action }))).toBe(expected);
  });

  test.each([
    ["on: push", "yes"],
    ["on:\n  push:\n    branches: [main]", "no"],
    ["on:\n  push:\n    branches: ['conductor/**']", "yes"],
    ["on:\n  push:\n    branches-ignore: ['conductor/**']", "no"],
    ["on:\n  push:\n    tags: ['v*']", "no"],
    ["on:\n  push:\n    paths: ['src/**']", "yes"],
  ])("push: %s → %s", (on, expected) => {
    expect(fires(on, { kind: "push", branch: "conductor/7/p1-money", paths: ["src/money.js"] })).toBe(expected);
  });

  test("a trigger that does not fire says why, with the filter's line", () => {
    const match = matchWorkflow(workflow("on:\n  pull_request:\n    branches:\n      - main\n      - master"), pr());
    expect(match.fired).toBeNull();
    expect(match.triggers).toEqual([
      {
        event: "pull_request",
        fires: "no",
        because: "`branches` (`main`, `master`) does not select the base branch `conductor/7/integration`",
        line: 4,
      },
    ]);
    const types = matchWorkflow(workflow("on: pull_request"), pr({ action: "ready_for_review" }));
    expect(types.triggers[0]?.because).toBe(
      "the default `types` are `opened`, `synchronize`, `reopened`, not `ready_for_review`",
    );
  });
});

describe("jobs and their if: on drafts", () => {
  const drafts = (condition: string) =>
    matchWorkflow(
      workflow("on: pull_request", `    if: ${condition}\n    runs-on: ubuntu-latest\n`),
      pr({ draft: true }),
    ).jobs[0]?.runs;
  const ready = (condition: string) =>
    matchWorkflow(
      workflow("on: pull_request", `    if: ${condition}\n    runs-on: ubuntu-latest\n`),
      pr({ draft: false }),
    ).jobs[0]?.runs;

  test.each([
    `\${{ !github.event.pull_request.draft }}`,
    "'!github.event.pull_request.draft'",
    "github.event.pull_request.draft == false",
    "github.event.pull_request.draft != true",
    "false == github.event.pull_request.draft",
    `\${{ github.event_name != 'pull_request' || !github.event.pull_request.draft }}`,
    `\${{ github.event.pull_request.draft == false && github.event_name == 'pull_request' }}`,
    "(!github.event.pull_request.draft)",
  ])("%s skips a draft and runs on a ready PR", (condition) => {
    expect(drafts(condition)).toBe(false);
    expect(ready(condition)).toBe(true);
  });

  test("conditions on what the event does not say stay unknown, unless the rest decides", () => {
    expect(drafts("contains(github.event.pull_request.labels.*.name, 'ci')")).toBe("unknown");
    expect(
      drafts(`\${{ !github.event.pull_request.draft && contains(github.event.pull_request.labels.*.name, 'ci') }}`),
    ).toBe(false);
    expect(ready("always()")).toBe(true);
    expect(ready("github.actor != 'dependabot[bot]'")).toBe("unknown");
    expect(ready("startsWith(github.head_ref, 'conductor/')")).toBe(true);
  });

  test("a job that needs a skipped job is skipped; always() runs anyway", () => {
    const text = [
      "on: pull_request",
      "jobs:",
      "  lint:",
      "    if: github.event.pull_request.draft == false",
      "    runs-on: ubuntu-latest",
      "  test:",
      "    needs: lint",
      "    runs-on: ubuntu-latest",
      "  report:",
      "    needs: [lint]",
      "    if: always()",
      "    runs-on: ubuntu-latest",
    ].join("\n");
    const jobs = matchWorkflow(parseWorkflow("ci.yml", text), pr({ draft: true })).jobs;
    expect(jobs.map((j) => [j.job.id, j.runs, j.line])).toEqual([
      ["lint", false, 4],
      ["test", false, 6],
      ["report", true, 11],
    ]);
    expect(jobs[1]?.because).toBe("it needs `lint`, which does not run");
  });

  test("GitHub's loose equality: strings compare without case, mixed types as numbers", () => {
    const context = new Map<string, string | number | boolean | null>([["github.event_name", "Pull_Request"]]);
    expect(evaluateCondition("github.event_name == 'pull_request'", context)).toBe(true);
    expect(evaluateCondition("1 == '1'", context)).toBe(true);
    expect(evaluateCondition("null == false", context)).toBe(true);
    expect(evaluateCondition("''", context)).toBe(false);
    expect(evaluateCondition("github.event_name == ", context)).toBe("unknown");
  });
});

describe("parseWorkflow", () => {
  test("keeps the line of every trigger, filter, job, if: and step", () => {
    const parsed = parseWorkflow(
      "ci.yml",
      [
        "name: ci",
        "on:",
        "  pull_request:",
        "    branches: [main]",
        "    types: [opened]",
        "jobs:",
        "  test:",
        "    name: Unit tests",
        `    if: \${{ !github.event.pull_request.draft }}`,
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - run: npm test",
        "        working-directory: pkg",
      ].join("\n"),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.onLine).toBe(2);
    expect(parsed.triggers[0]).toMatchObject({
      event: "pull_request",
      line: 3,
      filters: { branches: { values: ["main"], line: 4 }, types: { values: ["opened"], line: 5 } },
    });
    expect(parsed.jobs[0]).toMatchObject({
      id: "test",
      name: "Unit tests",
      line: 7,
      if: { text: `\${{ !github.event.pull_request.draft }}`, line: 9 },
    });
    expect(parsed.jobs[0]?.steps.map((s) => [s.line, s.uses, s.run, s.workingDirectory])).toEqual([
      [11, "actions/checkout@v4", null, null],
      [12, null, "npm test", "pkg"],
    ]);
  });

  test("what GitHub would refuse is a problem with its line, never a throw", () => {
    const both = parseWorkflow(
      "ci.yml",
      "on:\n  pull_request:\n    branches: [main]\n    branches-ignore: [dev]\njobs: {}\n",
    );
    expect(both.problems).toEqual([
      {
        line: 4,
        message:
          "`pull_request` has both `branches` and `branches-ignore`, which GitHub refuses: keep one (a `!pattern` in `branches` excludes)",
      },
    ]);
    expect(parseWorkflow("ci.yml", "on: [push\n").problems[0]?.message).toMatch(/^YAML syntax error/);
    expect(parseWorkflow("ci.yml", "jobs: {}\n").problems).toEqual([
      { line: 1, message: "no `on:` key: GitHub never runs this workflow" },
    ]);
    expect(parseWorkflow("ci.yml", "on:\n  push:\n    branches: ['v[1']\n").problems[0]).toEqual({
      line: 3,
      message: 'pattern "v[1" has a "[" without its "]"',
    });
  });
});
