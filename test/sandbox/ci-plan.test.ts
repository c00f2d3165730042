import { describe, expect, test } from "vitest";
import { planCi } from "../../sandbox/world/ci-plan.js";
import type { PullRequestEvent } from "../../src/workflows/match-trigger.js";

const event = (over: Partial<PullRequestEvent> = {}): PullRequestEvent => ({
  kind: "pull_request",
  action: "synchronize",
  base: "conductor/3/integration",
  head: "conductor/3/p1-money",
  draft: false,
  paths: ["src/money.js"],
  ...over,
});

const CI = `name: ci
on:
  pull_request:
    branches: ['conductor/**']
env:
  LEVEL: workflow
defaults:
  run:
    working-directory: pkg
jobs:
  test:
    name: Unit tests
    if: \${{ !github.event.pull_request.draft }}
    strategy:
      matrix:
        node: [20, 22]
    env:
      TOKEN: \${{ secrets.NPM_TOKEN }}
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
        env:
          LEVEL: step
      - name: Test
        shell: sh
        working-directory: other
        run: npm test -- --node \${{ matrix.node }}
      - if: failure()
        run: echo only on failure
  docs:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
`;

describe("planCi: what the sandbox runs for a pull-request event", () => {
  test("the jobs that run, their steps in order, uses: skipped, and what is not honoured noted", () => {
    const [plan, ...rest] = planCi([{ path: ".github/workflows/ci.yml", text: CI }], event());
    expect(rest).toEqual([]);
    expect(plan).toMatchObject({ workflow: ".github/workflows/ci.yml", job: "test", name: "Unit tests" });
    expect(plan?.notes).toEqual(["`strategy.matrix`: run once, with no matrix values"]);
    expect(plan?.steps).toEqual([
      {
        kind: "skip",
        line: 20,
        label: "actions/checkout@v4",
        note: "`uses: actions/checkout@v4` skipped: the sandbox runs only `run:` steps",
      },
      // Literal env merges workflow → job → step; an expression's value is left out, never guessed.
      { kind: "run", line: 21, label: "npm ci", script: "npm ci", shell: "bash", cwd: "pkg", env: { LEVEL: "step" } },
      {
        kind: "run",
        line: 24,
        label: "Test",
        script: "npm test -- --node ",
        shell: "sh",
        cwd: "other",
        env: { LEVEL: "workflow" },
      },
      {
        kind: "skip",
        line: 28,
        label: "echo only on failure",
        note: "skipped: step `if: failure()` is not evaluated in the sandbox",
      },
    ]);
  });

  test("drafts, other bases and unfired types run nothing; a broken file runs nothing", () => {
    const files = [{ path: ".github/workflows/ci.yml", text: CI }];
    expect(planCi(files, event({ draft: true }))).toEqual([]);
    expect(planCi(files, event({ base: "main" }))).toEqual([]);
    expect(planCi(files, event({ action: "ready_for_review" }))).toEqual([]);
    expect(planCi([{ path: "bad.yml", text: "on: [pull_request\n" }], event())).toEqual([]);
    expect(planCi([], event())).toEqual([]);
  });
});
