import { describe, expect, test } from "vitest";
import { modulePullVerdict } from "../../src/workflows/module-pull-request.js";
import { parseWorkflow } from "../../src/workflows/parse-workflow.js";

const PR = { base: "conductor/7/integration", head: "conductor/7/p1-money", paths: null };
const verdict = (text: string) => modulePullVerdict(parseWorkflow(".github/workflows/ci.yml", text), PR);
const JOB = "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n";
const DRAFT_JOB = `jobs:\n  test:\n    if: \${{ !github.event.pull_request.draft }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n`;

describe("does a workflow report on a module PR's head?", () => {
  test("a plain pull_request workflow runs its jobs", () => {
    expect(verdict(`on: pull_request\n${JOB}`)).toEqual({
      kind: "runs",
      jobs: ["test"],
      event: "pull_request",
      line: 1,
      target: false,
    });
  });

  test("CI filtered to main/master is filtered, with the branches line", () => {
    expect(verdict(`on:\n  pull_request:\n    branches: [main, master]\n${JOB}`)).toEqual({
      kind: "filtered",
      because: "`branches` (`main`, `master`) does not select the base branch `conductor/7/integration`",
      line: 3,
    });
  });

  test("a push workflow on every branch reports on the pushed head", () => {
    expect(verdict(`on: push\n${JOB}`)).toMatchObject({ kind: "runs", event: "push" });
    expect(verdict(`on:\n  push:\n    branches: [main]\n${JOB}`)).toMatchObject({ kind: "filtered", line: 3 });
  });

  test("skipping drafts with the default types never re-runs on ready: skipped-on-drafts", () => {
    expect(verdict(`on: pull_request\n${DRAFT_JOB}`)).toMatchObject({ kind: "skipped-on-drafts", line: 1 });
    expect(verdict(`on:\n  pull_request:\n    types: [opened, synchronize]\n${DRAFT_JOB}`)).toMatchObject({
      kind: "skipped-on-drafts",
      line: 3,
    });
    // With ready_for_review listed, the ready event runs the job.
    expect(
      verdict(`on:\n  pull_request:\n    types: [opened, synchronize, reopened, ready_for_review]\n${DRAFT_JOB}`),
    ).toMatchObject({ kind: "runs", jobs: ["test"] });
  });

  test("paths filters make it depend on what the module changes", () => {
    expect(verdict(`on:\n  pull_request:\n    paths: ['src/**']\n${JOB}`)).toEqual({
      kind: "depends",
      because: "only when a changed file matches `paths` (`src/**`)",
      line: 3,
    });
  });

  test("pull_request_target alone runs, but reports on the base", () => {
    expect(verdict(`on: pull_request_target\n${JOB}`)).toMatchObject({ kind: "runs", target: true });
  });

  test("a job whose if: is always false is jobs-skipped; a release workflow is not-triggered", () => {
    expect(
      verdict(`on: pull_request\njobs:\n  t:\n    if: github.event_name == 'push'\n    runs-on: x\n`),
    ).toMatchObject({
      kind: "jobs-skipped",
      line: 4,
    });
    expect(verdict(`on:\n  release:\n    types: [published]\n  schedule:\n    - cron: '0 0 * * *'\n${JOB}`)).toEqual({
      kind: "not-triggered",
      events: ["release", "schedule"],
    });
  });
});
