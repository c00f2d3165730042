/**
 * Actions-hosted mode (docs/operations.md#actions-hosted-mode): the entry's `runInActions` with the real
 * @probot/adapter-github-actions, given GitHub's own example payloads (adapted to the sandbox's repository,
 * without `installation`, as a workflow's event file is) through `GITHUB_EVENT_PATH`. The adapter builds its
 * own Octokit from `GITHUB_TOKEN` and offers no option for `fetch`; Octokit falls back to `globalThis.fetch`
 * at request time, so that is stubbed with the sandbox's. The same events in server mode (`probot.receive`
 * with the installation) must leave the same branches, PRs, comments, reactions, labels and record.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { Sandbox } from "../../sandbox/index.js";
import { runInActions } from "../../src/github/actions-hosted/actions-mode.js";
import { checkWebhookPayload, webhookEvent } from "../helpers/webhooks.js";
import { storedRecord } from "./record.js";
import { createWorld, SPEC, startServerApp, type World } from "./sandbox-app.js";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => v as Json;
const worlds: World[] = [];
let scratch: string | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  for (const w of worlds.splice(0)) await w.sandbox.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** An example payload adapted to the sandbox, edited, and checked again against GitHub's webhook schema. */
function payload(sb: Sandbox, event: string, action: string, adapt: Json, edit: (p: Json) => void): Json {
  const built = obj(
    webhookEvent(event, action, { owner: sb.owner, repo: sb.repo, sender: "alice", ...adapt }) as unknown,
  ).payload as Json;
  obj(built.repository).default_branch = sb.defaultBranch;
  delete built.installation; // a workflow's event file is the repository's webhook: no installation
  edit(built);
  expect(checkWebhookPayload(event, action, built)).toEqual([]);
  return built;
}

/**
 * The maintainer's side, identical in both worlds: an issue with a spec, the label, a `/status` comment.
 * Returns the two webhooks (as event files) describing the label and the comment.
 */
async function maintainerActs(world: World): Promise<{ name: string; payload: Json }[]> {
  const sb = world.sandbox;
  const repo = { owner: sb.owner, repo: sb.repo };
  const issue = await world.openIssue(SPEC);
  await world.maintainer.rest.issues.addLabels({ ...repo, issue_number: issue, labels: ["orchestrate"] });
  const { data: comment } = await world.maintainer.rest.issues.createComment({
    ...repo,
    issue_number: issue,
    body: "/status",
  });
  sb.webhooks.take(); // only the two event files below are delivered, in both modes
  const labeled = payload(sb, "issues", "labeled", { issueNumber: issue, label: "orchestrate", body: SPEC }, (p) => {
    const labels = obj(p.issue).labels as Json[];
    obj(p.issue).labels = [{ ...(labels[0] ?? {}), name: "orchestrate" }];
  });
  const commented = payload(sb, "issue_comment", "created", { issueNumber: issue, body: "/status" }, (p) => {
    obj(p.comment).id = comment.id;
    obj(obj(p.comment).user).login = "alice";
    obj(p.issue).body = SPEC;
  });
  return [
    { name: "issues", payload: labeled },
    { name: "issue_comment", payload: commented },
  ];
}

/** What both modes must agree on, with ids and times left out. */
async function effects(world: World, issue: number) {
  const state = world.sandbox.state();
  const record = await storedRecord(world.sandbox, issue);
  const branches = (await world.sandbox.git(["for-each-ref", "--format=%(refname)", "refs/heads"])).trim().split("\n");
  return {
    branches,
    pulls: Object.values(state.pulls).map((p) => [p.number, p.head, p.base, p.draft, state.issues[p.number]?.title]),
    comments: Object.values(state.comments).map((c) => [c.issue, c.user, c.body.split("\n").slice(0, 3).join("\n")]),
    reactions: Object.values(state.reactions).map((r) => [r.subject, r.user, r.content]),
    labels: state.issues[issue]?.labels,
    runs: Object.values(state.runs).length,
    record: record && {
      status: record.status,
      outbox: record.outbox,
      modules: record.modules.map((m) => [m.key, m.state, m.pr, m.attempts.length]),
    },
  };
}

async function runEventFile(world: World, name: string, body: Json, runId: string): Promise<unknown[]> {
  scratch ??= mkdtempSync(join(tmpdir(), "conductor-actions-"));
  const file = join(scratch, `${runId}.json`);
  writeFileSync(file, JSON.stringify(body));
  const env = {
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: file,
    GITHUB_RUN_ID: runId,
    GITHUB_REPOSITORY: `${world.sandbox.owner}/${world.sandbox.repo}`,
    GITHUB_TOKEN: world.sandbox.installationToken(),
    CONDUCTOR_INSTALLATION_ID: String(world.sandbox.installationId),
    APP_SLUG: world.sandbox.app.slug,
  };
  // The adapter reads process.env itself; runInActions is given the same.
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  vi.stubGlobal("fetch", world.sandbox.fetch);
  return runInActions(process.env, { deps: { now: world.clock, sleep: async () => {} } });
}

describe("Actions-hosted mode", () => {
  test("issues.labeled and issue_comment.created event files end as in server mode", async () => {
    const server = await createWorld();
    const actions = await createWorld();
    worlds.push(server, actions);

    const app = await startServerApp(server);
    const serverEvents = await maintainerActs(server);
    for (const [i, e] of serverEvents.entries()) {
      const installation = { id: server.sandbox.installationId, node_id: "MDIzOkluc3RhbGxhdGlvbjE=" };
      await app.probot.receive({
        id: `run-${i + 1}`,
        name: e.name as "issues",
        payload: { ...e.payload, installation } as never,
      });
      expect(await app.conductor.idle()).toEqual([]);
    }

    const actionsEvents = await maintainerActs(actions);
    for (const [i, e] of actionsEvents.entries()) {
      expect(await runEventFile(actions, e.name, e.payload, `run-${i + 1}`)).toEqual([]);
    }

    // The server holds steps that guard nothing until its next write (src/github/reconcile/held-writes.ts);
    // Actions-hosted mode writes every step, since its process ends with the event. Write what the server holds
    // first.
    app.conductor.flush();
    expect(await app.conductor.idle()).toEqual([]);
    const issue = Number(obj(obj(actionsEvents[0]?.payload).issue).number);
    const expected = await effects(server, issue);
    expect(expected.record?.status).toBe("running");
    expect(expected.pulls).toHaveLength(2);
    expect(expected.comments.map((c) => c[1])).toContain("conductor[bot]");
    expect(await effects(actions, issue)).toEqual(expected);
    expect(actions.sandbox.violations()).toEqual([]);
    expect(actions.sandbox.internalErrors()).toEqual([]);
  }, 90_000);

  test("a schedule event sweeps: the running tasks of the repository are found and ticked", async () => {
    const world = await createWorld();
    worlds.push(world);
    const [labeled] = await maintainerActs(world);
    if (!labeled) throw new Error("no event");
    expect(await runEventFile(world, "issues", labeled.payload, "run-1")).toEqual([]);
    world.sandbox.resetCalls();
    expect(await runEventFile(world, "schedule", { schedule: "*/5 * * * *" }, "run-2")).toEqual([]);
    const log = world.sandbox.requestLog().map((r) => `${r.method} ${r.route}`);
    expect(log).toContain("GET /repos/{owner}/{repo}/issues");
    // The tick loaded the task's record (its file on conductor/state) to reconcile it.
    expect(log).toContain("GET /repos/{owner}/{repo}/contents/{path}");
  }, 90_000);

  test("the sweep workflow is on only while a task is active: off with none, on when one starts, off when it is aborted", async () => {
    const world = await createWorld();
    worlds.push(world);
    const sweep = () => world.sandbox.state().workflows[".github/workflows/conductor-sweep.yml"]?.state;
    expect(await runEventFile(world, "schedule", { schedule: "*/5 * * * *" }, "run-1")).toEqual([]);
    expect(sweep()).toBe("disabled_manually");

    const [labeled] = await maintainerActs(world);
    if (!labeled) throw new Error("no event");
    expect(await runEventFile(world, "issues", labeled.payload, "run-2")).toEqual([]);
    expect(sweep()).toBe("active");

    const sb = world.sandbox;
    const issue = Number(obj(labeled.payload.issue).number);
    const repo = { owner: sb.owner, repo: sb.repo };
    const { data: comment } = await world.maintainer.rest.issues.createComment({
      ...repo,
      issue_number: issue,
      body: "/abort",
    });
    const abort = payload(sb, "issue_comment", "created", { issueNumber: issue, body: "/abort" }, (p) => {
      obj(p.comment).id = comment.id;
      obj(obj(p.comment).user).login = "alice";
      obj(p.issue).body = SPEC;
      const labels = (obj(p.issue).labels as Json[] | undefined) ?? [];
      obj(p.issue).labels = ["orchestrate", "conductor:running"].map((name) => ({ ...(labels[0] ?? {}), name }));
    });
    expect(await runEventFile(world, "issue_comment", abort, "run-3")).toEqual([]);
    expect(sb.state().issues[issue]?.labels).not.toContain("conductor:running");
    expect(sweep()).toBe("disabled_manually");
  }, 90_000);

  test("an incomplete environment fails once, naming every missing variable", async () => {
    await expect(runInActions({ GITHUB_EVENT_NAME: "issues" })).rejects.toThrow(
      /GITHUB_EVENT_PATH[\s\S]*GITHUB_TOKEN[\s\S]*CONDUCTOR_INSTALLATION_ID[\s\S]*APP_SLUG/,
    );
  });
});
