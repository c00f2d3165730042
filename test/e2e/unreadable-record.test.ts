/**
 * A task whose record on `conductor/state` becomes unreadable mid-task (docs/troubleshooting.md#the-record-is-unreadable):
 * one notice, no throwing, `/status` and `/abort` still answered, and `/reset` rebuilding the record from GitHub.
 * The record is broken the way a person would break it: a commit to the state branch through the contents API.
 */
import { Octokit } from "@octokit/rest";
import { describe, expect, test } from "vitest";
import { readRecordText } from "../../sandbox/world/summary.js";
import type { World } from "../../sandbox/world.js";
import { STATE_BRANCH, taskPath } from "../../src/github/store/store.js";
import { commentsOn, E2E_TIMEOUT, expectClean, finalPull, labelsOf, modulePulls, spec, startWorld } from "./support.js";

const NOTICE = "<!-- conductor:unreadable ";
const BOT = "conductor[bot]";
const quiet = () => undefined;

/** `login`'s own API client on the sandbox. */
const clientOf = (world: World, login: string) =>
  new Octokit({
    auth: world.sandbox.tokenFor(login),
    request: { fetch: world.sandbox.fetch },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });

/** Commits `text` as the task's record, as `login` would with the contents API. */
async function writeRecord(world: World, login: string, text: string): Promise<void> {
  const octokit = clientOf(world, login);
  const repo = { owner: world.sandbox.owner, repo: world.sandbox.repo };
  const path = taskPath(world.issue ?? 0);
  const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref: STATE_BRANCH });
  const sha = "sha" in data ? data.sha : undefined;
  await octokit.rest.repos.createOrUpdateFileContents({
    ...repo,
    path,
    branch: STATE_BRANCH,
    message: "hand edit",
    content: Buffer.from(text, "utf8").toString("base64"),
    ...(sha ? { sha } : {}),
  });
}

/** A record's text with its first module's state set to something the schema refuses. */
function schemaInvalid(text: string | null): string {
  const record = JSON.parse(text ?? "{}");
  record.modules[0].state = "flying";
  return JSON.stringify(record);
}

const notices = (world: World) =>
  commentsOn(world, world.issue ?? 0).filter((c) => c.user === BOT && c.body.includes(NOTICE));
const replyTo = (world: World, id: number) =>
  commentsOn(world, world.issue ?? 0).find((c) => c.id > id && c.user === BOT && !c.body.includes(NOTICE));
const reactionsOn = (world: World, id: number) =>
  Object.values(world.sandbox.state().reactions)
    .filter((r) => r.subject === "comment" && r.subjectId === id)
    .map((r) => [r.user, r.content]);
const isOpen = (world: World, n: number) => world.sandbox.state().issues[n]?.state === "open";

/** Moves the world on a few steps: deliveries, executor and CI jobs, two sweeps. */
async function someEvents(world: World): Promise<void> {
  for (let i = 0; i < 6; i++)
    await world.run({ until: (w) => w.sandbox.webhooks.pending().length === 0, maxSteps: 20 });
  await world.tick();
  await world.tick();
}

describe("e2e: an unreadable task record", () => {
  test(
    "not JSON, then schema-invalid: one notice, no throw, /status says so, /retry is refused, /abort stops the task",
    async () => {
      const world = await startWorld({ spec: spec("Two phases", [["money", "tax"], ["receipt"]]) });
      const issue = world.issue ?? 0;
      await world.run({ until: (w) => w.executions.length >= 1 });
      const pullsBefore = modulePulls(world).map((p) => p.number);
      expect(pullsBefore.length).toBe(2);
      const valid = await readRecordText(world.sandbox, issue);

      await writeRecord(world, "maintainer", '{"version": 1, "issue": ');
      await someEvents(world);
      await world.comment("maintainer", "nothing for Conductor here");
      const retry = await world.comment("maintainer", "/retry");
      await someEvents(world);

      expect(world.errors).toEqual([]);
      expect(notices(world)).toHaveLength(1);
      const notice = notices(world)[0]?.body ?? "";
      expect(notice).toContain(`\`tasks/${issue}.json\` on the branch \`conductor/state\``);
      expect(notice).toMatch(/not JSON at line 1, column \d+: Unexpected end of JSON input/);
      expect(notice).toMatch(/`\/reset`/);
      expect(notice).toMatch(/`\/abort`/);
      expect(reactionsOn(world, retry)).toEqual([[BOT, "confused"]]);
      expect(replyTo(world, retry)?.body).toMatch(/record is unreadable/);

      // Broken another way: the same notice, edited, now naming the JSON path.
      await writeRecord(world, "maintainer", schemaInvalid(valid));
      await someEvents(world);
      const status = await world.comment("maintainer", "/status");
      await world.deliverPending();
      // Logged once per broken version, not once per event (a dozen deliveries and sweeps came meanwhile).
      const warned = world.timeline.problems.filter((l) => /record is unreadable/.test(l.msg));
      expect(warned.map((l) => l.version)).toEqual([expect.any(String), expect.any(String)]);
      expect(new Set(warned.map((l) => l.version)).size).toBe(2);
      await world.restart(); // a new process finds the notice by its marker and posts no second one
      await someEvents(world);
      expect(world.errors).toEqual([]);
      expect(notices(world)).toHaveLength(1);
      expect(notices(world)[0]?.body).toContain("$.modules[0].state");
      expect(reactionsOn(world, status)).toEqual([[BOT, "eyes"]]);
      expect(replyTo(world, status)?.body).toMatch(/record is unreadable.*tasks\/1\.json/s);
      expect(replyTo(world, status)?.body).toContain("$.modules[0].state");

      const abort = await world.comment("maintainer", "/abort the record is broken");
      expect(await world.run()).toMatchObject({ status: "aborted" });

      expect(reactionsOn(world, abort)).toEqual([[BOT, "eyes"]]);
      expect(replyTo(world, abort)?.body).toMatch(/rebuilt it from GitHub.*aborted/s);
      const record = await world.record(); // readable again, and aborted
      expect(record?.status).toBe("aborted");
      expect(labelsOf(world, issue)).toContain("conductor:aborted");
      expect(labelsOf(world, issue)).not.toContain("conductor:running");
      for (const pull of modulePulls(world)) expect(isOpen(world, pull.number) || pull.merged).toBe(false);
      expect(modulePulls(world).map((p) => p.number)).toEqual(pullsBefore);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "/reset rebuilds the record mid-task from branches, PRs and result comments; the task finishes green on the same PRs",
    async () => {
      const world = await startWorld({ spec: spec("Two phases", [["money", "tax"], ["receipt"]]) });
      const issue = world.issue ?? 0;
      await world.run({
        until: async (w) => {
          const r = await w.record();
          return r?.modules.some((m) => m.state === "merged") === true && r.modules.some((m) => m.state === "running");
        },
      });
      const before = modulePulls(world).map((p) => [p.title, p.number]);

      await writeRecord(world, "maintainer", schemaInvalid(await readRecordText(world.sandbox, issue)));
      await someEvents(world);
      expect(notices(world)).toHaveLength(1);

      const reset = await world.comment("maintainer", "/reset");
      expect(await world.run()).toMatchObject({ status: "done" });

      expect(world.errors).toEqual([]);
      expect(reactionsOn(world, reset)).toEqual([[BOT, "eyes"]]);
      const reply = replyTo(world, reset)?.body ?? "";
      expect(reply).toMatch(/rebuilt this task's record from GitHub/);
      expect(reply).toMatch(/What it could not rebuild:/);
      expect(reply).toMatch(/budget windows/);
      // The same PR for each module that had one; the phase-2 module opened after the reset; all merged.
      const after = modulePulls(world);
      expect(after.filter((p) => before.some(([, n]) => n === p.number)).map((p) => [p.title, p.number])).toEqual(
        before,
      );
      expect(after.map((p) => p.title)).toEqual([
        `[conductor #${issue}] Phase 1: money`,
        `[conductor #${issue}] Phase 1: tax`,
        `[conductor #${issue}] Phase 2: receipt`,
      ]);
      expect(after.every((p) => p.merged)).toBe(true);
      expect(labelsOf(world, issue)).toContain("conductor:done");
      expect(finalPull(world)?.body).toContain(`Closes #${issue}`);
      const record = await world.record();
      expect(record?.checkpoints.map((c) => c.phase)).toEqual([1, 2]);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "a record fixed by hand is read again by the sweep, and the task goes on where it was",
    async () => {
      const world = await startWorld({ spec: spec("Two phases", [["money"], ["tax"]]) });
      await world.run({ until: (w) => w.executions.length >= 1 });
      const valid = await readRecordText(world.sandbox, world.issue ?? 0);
      await writeRecord(world, "maintainer", "garbage");
      // Everything queued happens (executor, CI, their webhooks) and three hours of sweeps pass: nothing moves.
      expect(await world.run({ until: ["done"] })).toMatchObject({ status: "running", reason: "quiescent" });
      expect(notices(world)).toHaveLength(1);

      // The fix is a commit to the state branch, which no task event follows: only the sweep can notice it.
      await writeRecord(world, "maintainer", valid ?? "");
      expect(await world.run()).toMatchObject({ status: "done" });
      expect(modulePulls(world).map((p) => p.merged)).toEqual([true, true]);
      expect(world.errors).toEqual([]);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "/reset reads the plan from the dashboard when the issue body no longer has one",
    async () => {
      const world = await startWorld({ spec: spec("One phase", [["money"]]) });
      const issue = world.issue ?? 0;
      await world.run({ until: (w) => w.executions.length >= 1 });
      await writeRecord(world, "maintainer", "{}");
      const octokit = clientOf(world, "maintainer");
      const repo = { owner: world.sandbox.owner, repo: world.sandbox.repo };
      await octokit.rest.issues.update({ ...repo, issue_number: issue, body: "The plan is in the dashboard now." });

      const reset = await world.comment("maintainer", "/reset");
      expect(await world.run()).toMatchObject({ status: "done" });
      const reply = replyTo(world, reset)?.body ?? "";
      expect(reply).toContain("1 phase, 1 module (0 merged, 1 with an open PR)");
      expect(reply).toContain("plan from the dashboard");
      expect(reply).toContain("the plan was read from the dashboard: the issue body has none");
      expect(modulePulls(world).map((p) => [p.title, p.merged])).toEqual([
        [`[conductor #${issue}] Phase 1: money`, true],
      ]);
      expect(world.errors).toEqual([]);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );

  test(
    "/reset from someone without write is refused with 👎 and changes nothing; on a readable record it is refused with 😕",
    async () => {
      const world = await startWorld({ spec: spec("One phase", [["money"]]) });
      world.sandbox.addCollaborator("reader", "triage");
      const issue = world.issue ?? 0;
      await world.run({ until: (w) => w.executions.length >= 1 });

      const readable = await world.comment("maintainer", "/reset");
      await world.deliverPending();
      expect(reactionsOn(world, readable)).toEqual([[BOT, "confused"]]);
      expect(replyTo(world, readable)?.body).toMatch(/record is readable, so there is nothing to rebuild/);

      await writeRecord(world, "maintainer", "[]");
      const broken = await readRecordText(world.sandbox, issue);
      const denied = await world.comment("reader", "/reset");
      await world.deliverPending();
      expect(reactionsOn(world, denied)).toEqual([[BOT, "-1"]]);
      expect(replyTo(world, denied)?.body).toBe("@reader `/reset` needs the `write` role; you have `triage`.");
      expect(await readRecordText(world.sandbox, issue)).toBe(broken);
      expect(notices(world)).toHaveLength(1);
      expect(world.errors).toEqual([]);
      expectClean(world);
    },
    E2E_TIMEOUT,
  );
});
