/**
 * Who may command (DESIGN §2), through `probot.receive()`: every command refused to a user below its
 * minimum (👎 and one reply naming the role, nothing else), the minimums read from conductor.yml,
 * malformed commands (😕 and usage), bots, edits and redeliveries of the same comment.
 */
import { describe, expect, test } from "vitest";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { type ReceivableEvent, webhookEvent } from "../helpers/webhooks.js";
import { mutations, postedComment, reaction } from "./commands-fixtures.js";
import { printRequestCounts } from "./counts.js";
import { comment, labeled } from "./events.js";
import { INSTALLATION, OWNER, R, REPO, startApp } from "./harness.js";
import {
  commentPosted,
  configFile,
  dashboardCreated,
  dashboardEdited,
  permission,
  reactOnIssue,
  setLabels,
  workflowPresent,
} from "./mocks.js";
import { ISSUE, Scenario } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
printRequestCounts(http);

type Role = "read" | "triage" | "write" | "maintain" | "admin";
/** `/status` and `/help` need `read` by default, which everyone has: raised here so they can be refused. */
const config = { commands: { status: { permission: "triage" as const }, help: { permission: "triage" as const } } };
const running = () => new Scenario({ config }).opened({ "p1-proto": 11, "p1-api": 12 });

const REFUSALS: { what: string; body: string; pr?: number; role: Role; needs: Role }[] = [
  { what: "/retry on a module PR", body: "/retry please", pr: 11, role: "triage", needs: "write" },
  { what: "/retry on the task issue", body: "/retry", role: "triage", needs: "write" },
  { what: "/rollback on a module PR", body: "/rollback", pr: 11, role: "write", needs: "maintain" },
  { what: "/rollback phase-2 on the issue", body: "/rollback phase-2", role: "write", needs: "maintain" },
  { what: "/approve-plan", body: "/approve-plan", role: "read", needs: "write" },
  { what: "/abort on a module PR", body: "/abort enough", pr: 12, role: "triage", needs: "write" },
  { what: "/status", body: "/status", role: "read", needs: "triage" },
  { what: "/help on a module PR", body: "/help", pr: 11, role: "read", needs: "triage" },
];

describe("a user below the command's minimum", () => {
  test.each(REFUSALS)("$what: 👎 and one reply naming the role needed; nothing else", async (row) => {
    const s = running();
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, s.record);
    const on = row.pr ?? ISSUE;
    permission(http, "mallory", row.role);
    reaction(http, 601, "-1");
    commentPosted(http, on, (b) => b.includes(`needs the \`${row.needs}\` role`) && b.includes("@mallory"));
    dashboardEdited(http);
    await app.deliver(comment({ body: row.body, author: "mallory", id: 601, ...(row.pr ? { pr: row.pr } : {}) }));
    expect(mutations(http)).toEqual(["POST /issues/comments/601/reactions", `POST /issues/${on}/comments`]);
    const before = s.record;
    const after = store.record;
    expect([after?.status, after?.modules]).toEqual([before.status, before.modules]);
    expect(after?.outbox).toEqual([]);
  });
});

describe("allowed reads", () => {
  test("/status by a reader (default minimum): 👀, the dashboard refreshed and linked in a reply", async () => {
    const app = await startApp(http);
    fakeStore(http, ISSUE, new Scenario().opened({ "p1-proto": 11, "p1-api": 12 }).record);
    permission(http, "reader", "read");
    reaction(http, 602, "eyes");
    dashboardEdited(http);
    commentPosted(http, 11, (b) => b.startsWith("The dashboard is up to date: https://github.com/"));
    await app.deliver(comment({ body: "/status", author: "reader", id: 602, pr: 11 }));
    expect(mutations(http)).toEqual(["POST /issues/comments/602/reactions", "POST /issues/11/comments"]);
  });

  test("/help by a reader: 👀 and the command table with this repository's minimums", async () => {
    const app = await startApp(http);
    const s = new Scenario({ config: { commands: { rollback: { permission: "admin" } } } });
    fakeStore(http, ISSUE, s.opened({ "p1-proto": 11, "p1-api": 12 }).record);
    permission(http, "reader", "read");
    reaction(http, 603, "eyes");
    commentPosted(http, ISSUE, (b) => b.includes("| `/approve-plan` |") && /`\/rollback[^\n]*\| `admin` \|/.test(b));
    dashboardEdited(http);
    await app.deliver(comment({ body: "/help", author: "reader", id: 603 }));
    expect(postedComment(http, /\/retry/)).toMatch(/`\/abort \[reason\]`/);
  });
});

describe("what is not a command", () => {
  test("malformed: 😕 and the usage, without asking for the sender's role", async () => {
    const app = await startApp(http);
    fakeStore(http, ISSUE, running().record);
    reaction(http, 604, "confused");
    commentPosted(http, ISSUE, (b) => b.includes("@octocat usage:") && b.includes("`/rollback [phase-N]`"));
    dashboardEdited(http);
    await app.deliver(comment({ body: "/rollback to yesterday", id: 604 }));
    expect(http.find("GET", `${R}/collaborators/octocat/permission`)).toEqual([]);
  });

  test("a bot's command is never one: no request at all", async () => {
    const app = await startApp(http);
    await app.deliver(comment({ body: "/abort", author: "dependabot[bot]", authorType: "Bot", pr: 11 }));
    await app.deliver(comment({ body: "/retry", author: "renovate[bot]", authorType: "Bot" }));
    expect(http.requests).toEqual([]);
  });

  test("issue_comment.edited is ignored: a command edited into a comment does nothing", async () => {
    const app = await startApp(http);
    const edited = webhookEvent("issue_comment", "edited", {
      installationId: INSTALLATION,
      owner: OWNER,
      repo: REPO,
      issueNumber: ISSUE,
      body: "/abort",
      sender: "octocat",
    }) as unknown as ReceivableEvent;
    await app.deliver(edited);
    expect(http.requests).toEqual([]);
  });

  test("the same comment delivered twice (a redelivery under a new delivery id): answered once", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, running().record);
    permission(http, "octocat", "admin");
    permission(http, "octocat", "admin");
    reaction(http, 605, "eyes");
    dashboardEdited(http);
    commentPosted(http, ISSUE, (b) => b.startsWith("The dashboard is up to date"));
    await app.deliver(comment({ body: "/status", id: 605, delivery: "d-1" }));
    await app.deliver(comment({ body: "/status", id: 605, delivery: "d-2" }));
    expect(mutations(http)).toEqual(["POST /issues/comments/605/reactions", `POST /issues/${ISSUE}/comments`]);
    expect(store.record?.seen_comments.filter((c) => c === 605)).toHaveLength(1);
  });
});

test("minimums come from conductor.yml: `commands.rollback.permission: admin` refuses a maintainer", async () => {
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, null);
  configFile(http, "commands:\n  rollback:\n    permission: admin\n");
  permission(http, "octocat", "admin");
  reactOnIssue(http);
  workflowPresent(http);
  setLabels(http, { create: ["conductor:running"], present: ["orchestrate"], add: ["conductor:running"] });
  commentPosted(http, ISSUE, (b) => b.includes("could not use the plan"));
  dashboardCreated(http);
  await app.deliver(labeled({ body: "## Implementation Phases\n\n### Phase 1: Setup\nModules: a, a\n" }));
  expect(store.record?.config.commands.rollback.permission).toBe("admin");

  permission(http, "maintainer", "maintain");
  reaction(http, 606, "-1");
  commentPosted(http, ISSUE, (b) => b.includes("`/rollback` needs the `admin` role; you have `maintain`"), 951);
  // The refusal changes nothing the dashboard shows, so it is not edited again
  // (docs/architecture.md#what-a-task-costs-on-github).
  await app.deliver(comment({ body: "/rollback phase-1", author: "maintainer", id: 606 }));
});
