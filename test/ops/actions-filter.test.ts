/**
 * The Actions-hosted template's job-level `if:` (docs/templates/conductor-app.yml), evaluated by GitHub's
 * expression engine on webhook payloads: it must never skip an event the app would act on (every payload for
 * which `toIntake` returns something runs the job), and it skips the traffic of a busy repository that can
 * concern no task — CI on other branches, comments without a command, labels Conductor sets itself.
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { minutesPerDay } from "../../bench/actions-mix.js";
import { toIntake, WEBHOOKS } from "../../src/github/to-event/index.js";
import { adaptWebhook } from "../helpers/webhooks.js";
import { compileJobIf } from "../helpers/workflow-if.js";

type Json = Record<string, unknown>;
const template = parse(readFileSync("docs/templates/conductor-app.yml", "utf8"));
const runs = compileJobIf(template.jobs.conductor.if);
const REPO = "acme/shop";
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
  name: string;
  examples: Json[];
}[];

/** Every example of `event`, as is and moved onto what a task looks like (module branch, task labels, commands). */
function variants(event: string): Json[] {
  const all = examples.find((d) => d.name === event)?.examples ?? [];
  return all.flatMap((original) => {
    const out: Json[] = [];
    for (const headRef of [undefined, "main", "conductor/7/p1-api", "conductor/7/integration"]) {
      // The last: a module's sub-issue, whose assignments the app hears (docs/task-graph.md#sub-issues).
      for (const body of [
        undefined,
        "thanks!",
        "/retry please",
        "lgtm\n/abort",
        "<!-- conductor:result e30= -->",
        "Module money.\n\n<!-- conductor:sub-issue task=7 module=p1-api -->",
      ]) {
        for (const labels of [undefined, ["bug"], ["orchestrate", "conductor:running"]]) {
          const payload = adaptWebhook(structuredClone(original), {
            owner: "acme",
            repo: "shop",
            ...(headRef ? { headRef } : {}),
            ...(body ? { body } : {}),
          });
          const issue = payload.issue as Json | undefined;
          if (issue && labels) issue.labels = labels.map((name) => ({ name }));
          // A module PR's head is this repository (fork PRs are skipped on purpose: their runs get no secrets).
          const head = (payload.pull_request as Json | undefined)?.head as Json | undefined;
          if (head?.repo) head.repo = { ...(head.repo as Json), full_name: REPO };
          // Executor runs are dispatched.
          const run = payload.workflow_run as Json | undefined;
          if (run) run.event = "workflow_dispatch";
          const branches = payload.branches as Json[] | undefined;
          if (branches && headRef) payload.branches = [{ name: headRef, commit: {} }];
          out.push(payload);
        }
      }
    }
    return out;
  });
}

const EVENTS = [
  "issues",
  "issue_comment",
  "pull_request",
  "pull_request_review",
  "check_suite",
  "check_run",
  "status",
  "workflow_run",
];

test("every activity type the app handles starts the workflow (`on: … types`)", () => {
  for (const webhook of WEBHOOKS) {
    const [event = "", action] = webhook.split(".");
    // GitHub Actions cannot trigger on issue_dependencies: an Actions-hosted app sees blockers through the
    // issue's dependency summary, issues.closed/reopened and the sweep (docs/task-graph.md#blocked-by).
    if (event === "issue_dependencies") continue;
    expect(Object.keys(template.on), webhook).toContain(event);
    if (action) expect(template.on[event].types, webhook).toContain(action);
  }
});

test("the job's `if:` never skips an event the app acts on", () => {
  let handled = 0;
  for (const event of EVENTS) {
    const types: string[] | undefined = template.on[event]?.types;
    for (const payload of variants(event)) {
      if (types && !types.includes(String(payload.action))) continue; // GitHub starts no run at all
      if (toIntake(event, "d-1", payload) === null) continue;
      handled += 1;
      expect(runs({ event_name: event, event: payload, repository: REPO }), `${event}.${payload.action}`).toBe(true);
    }
  }
  expect(handled).toBeGreaterThan(100);
});

test("it skips what cannot concern a task", () => {
  const on = (event_name: string, event: Json) => runs({ event_name, event, repository: REPO });
  const checkRun = (branch: string, name = "test") => ({
    action: "completed",
    check_run: { name, check_suite: { head_branch: branch } },
  });
  expect(on("check_run", checkRun("main"))).toBe(false);
  expect(on("check_run", checkRun("conductor/7/p1-api"))).toBe(true);
  expect(on("check_run", checkRun("conductor/7/p1-api", "conductor/verify"))).toBe(false);
  expect(on("check_suite", { action: "completed", check_suite: { head_branch: "feature" } })).toBe(false);
  expect(on("status", { branches: [{ name: "main" }] })).toBe(false);
  // A run on the default branch may be a red run for triggers.ci_failure: `on: workflow_run` lists only
  // the executor and the workflows a repository names for it, so every run it delivers is let through.
  expect(on("workflow_run", { workflow_run: { head_branch: "main" } })).toBe(true);

  const comment = (body: string, labels: string[], bot = false, pull = false) => ({
    action: "created",
    comment: { body, user: { type: bot ? "Bot" : "User" } },
    issue: { labels: labels.map((name) => ({ name })), ...(pull ? { pull_request: { url: "u" } } : {}) },
  });
  expect(on("issue_comment", comment("/retry", ["conductor:running"]))).toBe(true);
  expect(on("issue_comment", comment("thanks!", ["conductor:running"]))).toBe(false);
  expect(on("issue_comment", comment("/retry", ["bug"]))).toBe(false);
  expect(on("issue_comment", comment("/retry", [], true, true))).toBe(false);
  expect(on("issue_comment", comment("<!-- conductor:result e30= -->", [], true, true))).toBe(true);

  const issues = (action: string, label: string | null, labels: string[], changes?: Json) => ({
    action,
    label: label === null ? undefined : { name: label },
    issue: { labels: labels.map((name) => ({ name })) },
    ...(changes ? { changes } : {}),
  });
  expect(on("issues", issues("labeled", "orchestrate", []))).toBe(true);
  expect(on("issues", issues("labeled", "conductor:running", ["orchestrate"]))).toBe(false);
  expect(on("issues", issues("unlabeled", "bug", []))).toBe(false);
  expect(on("issues", issues("edited", null, ["conductor:running"], { title: { from: "x" } }))).toBe(false);
  expect(on("issues", issues("edited", null, ["conductor:running"], { body: { from: "x" } }))).toBe(true);

  const pull = (ref: string, repo: string) => ({
    action: "synchronize",
    pull_request: { head: { ref, repo: { full_name: repo } } },
  });
  expect(on("pull_request", pull("conductor/7/p1-api", REPO))).toBe(true);
  expect(on("pull_request", pull("conductor/7/p1-api", "mallory/shop"))).toBe(false);
  expect(on("pull_request", pull("feature", REPO))).toBe(false);
  expect(on("schedule", {})).toBe(true);
});

test("the bench's busy-repository mix (npm run bench:actions): human PR traffic runs no job, the sweep only while active", () => {
  const cost = minutesPerDay({
    runsJob: runs,
    types: (event) => template.on[event]?.types,
    jobMinutes: 1,
    activeHours: 8,
  });
  const jobs = (label: string) => cost.mix.find((row) => row.label.startsWith(label))?.jobs;
  expect(jobs("check_run.completed (human PRs)")).toBe(0);
  expect(jobs("pull_request.synchronize (human PRs)")).toBe(0);
  expect(jobs("issue_comment.created (no command)")).toBe(0);
  expect(jobs("check_run.completed (conductor/verify)")).toBe(0);
  // Any label may be a repository's trigger label (trigger.label), so new labels always run the job.
  expect(jobs("issues.labeled (triage labels)")).toBe(60);
  expect(jobs("workflow_run.completed (Conductor executor)")).toBe(27);
  expect(cost.sweepRuns).toBe(96);
  expect(cost.minutes).toBeLessThan(cost.before.minutes / 4);
});
