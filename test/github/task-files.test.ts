import { describe, expect, test } from "vitest";
import { readTaskFileMarker } from "../../src/plan/task-file/find-task-file.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { checkWebhookPayload, type ReceivableEvent, webhookEvent } from "../helpers/webhooks.js";
import { labeled } from "./events.js";
import { BOT, INSTALLATION, OWNER, R, REPO, startApp } from "./harness.js";
import { commentPosted, configFile, dashboardCreated, reactOnIssue, setLabels, workflowPresent } from "./mocks.js";
import { ISSUE, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
const AFTER = sha("a");
const BLOB = sha("b");
const PATH = "orchestrator/outgoing/002_auth_fixes.json";
const TASK = JSON.stringify({
  review_id: "R-2",
  component: "auth",
  fixes: [{ id: "A-1", severity: "major", file: "auth.js", line: 3, issue: "no expiry", fix: "add one" }],
});
const PREVIOUS = JSON.stringify({
  review_id: "R-1",
  component: "auth",
  fixes: [{ id: "1", severity: "minor", issue: "x" }],
});
const ON = "triggers:\n  task_files: true\n";

/** GitHub's push example (a push to the default branch), with the commit adding `added`. */
function push(added: string[], o: { ref?: string; id?: string } = {}): ReceivableEvent {
  const event = webhookEvent(
    "push",
    undefined,
    { installationId: INSTALLATION, owner: OWNER, repo: REPO },
    4,
  ) as unknown as {
    id: string;
    payload: Record<string, unknown> & { commits: Record<string, unknown>[] };
  };
  const p = event.payload;
  // The example is older than the schema (it lacks `repository.has_discussions`): only problems the edits
  // below introduce count, as in events.ts.
  const before = new Set(checkWebhookPayload("push", undefined, p));
  p.ref = o.ref ?? "refs/heads/master";
  p.after = AFTER;
  const [commit] = p.commits;
  if (commit) commit.added = added;
  expect(checkWebhookPayload("push", undefined, p).filter((problem) => !before.has(problem))).toEqual([]);
  return { ...event, id: o.id ?? event.id, name: "push" } as unknown as ReceivableEvent;
}

const file = (path: string, text: string, blob: string) =>
  http
    .github()
    .get(`${R}/contents/${encodeURIComponent(path)}`)
    .query({ ref: AFTER })
    .reply(200, {
      type: "file",
      name: path,
      path,
      sha: blob,
      content: Buffer.from(text).toString("base64"),
      encoding: "base64",
    });

const taskIssues = (bodies: string[]) =>
  http
    .github()
    .get(`${R}/issues`)
    .query({ labels: "conductor:task-file", state: "all", per_page: 100 })
    .reply(
      200,
      bodies.map((body, i) => ({ number: 40 + i, state: "open", body })),
    );

describe("triggers.task_files: a pushed task file opens its task issue", () => {
  test("a push adding orchestrator/outgoing/002_*.json: one issue, the file in a json block, the review it follows", async () => {
    const app = await startApp(http);
    configFile(http, ON);
    taskIssues([]);
    file(PATH, TASK, BLOB);
    http
      .github()
      .get(`${R}/contents/orchestrator%2Foutgoing`)
      .query({ ref: AFTER })
      .reply(200, [
        {
          type: "file",
          name: "001_auth_review.json",
          path: "orchestrator/outgoing/001_auth_review.json",
          sha: sha("1"),
        },
        { type: "file", name: "002_auth_fixes.json", path: PATH, sha: BLOB },
      ]);
    file("orchestrator/outgoing/001_auth_review.json", PREVIOUS, sha("1"));
    http.github().post(`${R}/issues`).reply(201, { number: 41, body: "" });

    await app.deliver(push([PATH, "README.md"]));

    const [created] = http
      .find("POST", `${R}/issues`)
      .map((r) => r.body as { title: string; body: string; labels: string[] });
    expect(created?.title).toBe("Task file 002_auth_fixes.json: review R-2");
    expect(created?.labels).toEqual(["orchestrate", "conductor:task-file"]);
    expect(created?.body).toContain(`\`\`\`json\n${TASK}\n\`\`\``);
    expect(created?.body).toContain("It follows review `R-1`.");
    expect(readTaskFileMarker(created?.body ?? "")).toEqual({ path: PATH, blob: BLOB, follows: "R-1" });
  });

  test("a second delivery of the push (same path, same blob) opens nothing", async () => {
    const app = await startApp(http);
    configFile(http, ON);
    taskIssues([`x\n<!-- conductor:task-file ${JSON.stringify({ path: PATH, blob: BLOB, follows: "R-1" })} -->`]);
    file(PATH, TASK, BLOB);
    await app.deliver(push([PATH]));
    expect(http.find("POST", `${R}/issues`)).toEqual([]);
  });

  test("off by default: the configuration is read, nothing else", async () => {
    const app = await startApp(http);
    configFile(http, "merge:\n  method: squash\n");
    await app.deliver(push([PATH]));
    expect(http.requests.filter((r) => !r.path.includes("access_tokens")).map((r) => r.path)).toEqual([
      `${R}/contents/.github%2Fconductor.yml`,
    ]);
  });

  test("a push to another branch, or one that adds no outgoing task file, makes no request at all", async () => {
    const app = await startApp(http);
    await app.deliver(push([PATH], { ref: "refs/heads/feature" }));
    await app.deliver(push(["orchestrator/outgoing/notes.md", "orchestrator/incoming/001_x.json"]));
    expect(http.requests.filter((r) => !r.path.includes("access_tokens"))).toEqual([]);
  });
});

describe("the task issue the app opened starts itself", () => {
  test("the app's own trigger label counts as a writer's (no permission read); a bad file is refused by JSON path", async () => {
    const app = await startApp(http);
    const store = fakeStore(http, ISSUE, null);
    configFile(http, ON);
    reactOnIssue(http);
    workflowPresent(http);
    setLabels(http, { create: ["conductor:running"], present: ["orchestrate"], add: ["conductor:running"] });
    commentPosted(http, ISSUE, (b) => b.includes('$.fixes[0].severity: expected one of "critical", "major", "minor"'));
    dashboardCreated(http);
    const bad =
      '```json\n{"review_id": "R", "component": "c", "fixes": [{"id": "1", "severity": "high", "issue": "x"}]}\n```';

    await app.deliver(labeled({ sender: BOT, body: bad }));

    expect(store.record?.status).toBe("planning");
    expect(http.find("GET", `${R}/collaborators/${encodeURIComponent(BOT)}/permission`)).toEqual([]);
  });
});
