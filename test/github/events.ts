/**
 * Webhooks for Conductor's scenarios, each one of GitHub's own examples (`@octokit/webhooks-examples`)
 * adapted and then checked again against GitHub's webhook schema, so a test never feeds the app a payload
 * GitHub would not send.
 */
import { encodeMarker } from "../../src/protocol/marker.js";
import type { Result } from "../../src/protocol/result.js";
import { checkWebhookPayload, type ReceivableEvent, webhookEvent } from "../helpers/webhooks.js";
import { BOT, INSTALLATION, OWNER, REPO } from "./harness.js";
import { ISSUE } from "./scenario.js";

type Json = Record<string, unknown>;
const base = { installationId: INSTALLATION, owner: OWNER, repo: REPO };

let delivery = 0;

/** `webhookEvent` plus edits the adaptation cannot express, re-checked against the schema. */
function event(
  name: string,
  action: string | undefined,
  adapt: Parameters<typeof webhookEvent>[2],
  edit: (p: Json) => void = () => {},
  id?: string,
): ReceivableEvent {
  const built = webhookEvent(name, action, { ...base, ...adapt }) as unknown as { name: string; payload: Json };
  const before = new Set(checkWebhookPayload(name, action, built.payload));
  edit(built.payload);
  const introduced = checkWebhookPayload(name, action, built.payload).filter((p) => !before.has(p));
  if (introduced.length > 0) throw new Error(`${name}.${action} edit broke the payload:\n${introduced.join("\n")}`);
  delivery += 1;
  return { id: id ?? `delivery-${delivery}`, name, payload: built.payload } as unknown as ReceivableEvent;
}

const obj = (v: unknown): Json => v as Json;
const user = (login: string, type = "User") => ({ ...obj(webhookUser), login, type });
const webhookUser = {
  id: 1,
  node_id: "U_1",
  avatar_url: "https://avatars.example/u/1",
  gravatar_id: "",
  url: "https://api.github.com/users/x",
  html_url: "https://github.com/x",
  followers_url: "https://api.github.com/users/x/followers",
  following_url: "https://api.github.com/users/x/following{/other_user}",
  gists_url: "https://api.github.com/users/x/gists{/gist_id}",
  starred_url: "https://api.github.com/users/x/starred{/owner}{/repo}",
  subscriptions_url: "https://api.github.com/users/x/subscriptions",
  organizations_url: "https://api.github.com/users/x/orgs",
  repos_url: "https://api.github.com/users/x/repos",
  events_url: "https://api.github.com/users/x/events{/privacy}",
  received_events_url: "https://api.github.com/users/x/received_events",
  type: "User",
  site_admin: false,
};

function statusLabel(p: Json, names: string[]): void {
  const issue = obj(p.issue);
  const template = (issue.labels as Json[])[0] ?? {};
  issue.labels = names.map((name, i) => ({ ...template, id: 1000 + i, name }));
}

/** `issues.labeled` on the task issue. */
export function labeled(
  o: { sender?: string; label?: string; body?: string; assignees?: string[]; statusLabels?: string[] } = {},
) {
  return event(
    "issues",
    "labeled",
    { issueNumber: ISSUE, label: o.label ?? "orchestrate", sender: o.sender ?? "octocat", body: o.body ?? "" },
    (p) => {
      obj(p.issue).assignees = (o.assignees ?? []).map((login) => user(login));
      statusLabel(p, [o.label ?? "orchestrate", ...(o.statusLabels ?? [])]);
    },
  );
}

/** `issues.closed` (the examples have none: an `issues.labeled` example closed by hand). */
export function closed(sender = "octocat") {
  return event("issues", "labeled", { issueNumber: ISSUE, sender }, (p) => {
    p.action = "closed";
    delete p.label;
    const issue = obj(p.issue);
    issue.state = "closed";
    issue.closed_at = "2026-11-21T12:00:00Z";
    statusLabel(p, ["orchestrate", "conductor:running"]);
  });
}

/** `issues.edited` of the task issue's body, by `sender`. */
export function edited(o: { sender?: string; body?: string } = {}) {
  return event("issues", "edited", { issueNumber: ISSUE, sender: o.sender ?? "octocat", body: o.body ?? "" }, (p) => {
    p.changes = { body: { from: "before" } };
    statusLabel(p, ["conductor:running"]);
  });
}

/** `issue_comment.created`; `pr` puts it on that PR (titled as a module PR of the task). */
export function comment(o: {
  body: string;
  author?: string;
  authorType?: string;
  pr?: number;
  id?: number;
  delivery?: string;
}) {
  return event(
    "issue_comment",
    "created",
    { issueNumber: o.pr ?? ISSUE, body: o.body, sender: o.author ?? "octocat" },
    (p) => {
      const c = obj(p.comment);
      c.id = o.id ?? 5000 + delivery;
      c.user = user(o.author ?? "octocat", o.authorType ?? "User");
      const issue = obj(p.issue);
      if (o.pr !== undefined) {
        issue.title = `[conductor #${ISSUE}] Phase 1: proto`;
        issue.pull_request = {
          url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${o.pr}`,
          html_url: `https://github.com/${OWNER}/${REPO}/pull/${o.pr}`,
          diff_url: `https://github.com/${OWNER}/${REPO}/pull/${o.pr}.diff`,
          patch_url: `https://github.com/${OWNER}/${REPO}/pull/${o.pr}.patch`,
          merged_at: null,
        };
      } else {
        statusLabel(p, ["orchestrate", "conductor:running"]);
      }
    },
    o.delivery,
  );
}

/** The executor's result comment on a module PR. */
export function resultComment(pr: number, result: Result, o: { author?: string; id?: number } = {}) {
  const author = o.author ?? BOT;
  return comment({
    pr,
    body: `Done.\n\n${encodeMarker("result", result)}`,
    author,
    authorType: author.endsWith("[bot]") ? "Bot" : "User",
    ...(o.id ? { id: o.id } : {}),
  });
}

/** `check_suite.completed` of some CI app on a module branch's head. */
export function checkSuite(branch: string, sha: string, o: { delivery?: string } = {}) {
  return event(
    "check_suite",
    "completed",
    { headRef: branch, headSha: sha },
    (p) => {
      obj(obj(p.check_suite).app).slug = "ci-app";
    },
    o.delivery,
  );
}

/** Makes the payload's PR come from a fork: its head repository is another account's copy. */
function fromFork(p: Json): void {
  const head = obj(obj(p.pull_request).head);
  const repo = obj(head.repo);
  head.repo = { ...repo, id: Number(repo.id) + 1, full_name: `mallory/${String(repo.name)}`, fork: true };
  head.label = `mallory:${String(head.ref)}`;
}

/** `pull_request.synchronize` of a PR from `branch` (a push to it), optionally from a fork. */
export function pullPushed(branch: string, number: number, head: string, o: { fork?: boolean; sender?: string } = {}) {
  return event("pull_request", "synchronize", { headRef: branch, issueNumber: number, headSha: head }, (p) => {
    if (o.fork) fromFork(p);
    obj(p.sender).login = o.sender ?? "mallory";
    p.before = "0".repeat(40);
    p.after = head;
  });
}

/** `pull_request.closed` of a module PR (merged or not). */
export function pullClosed(branch: string, number: number, merged: { sha: string } | null, o: { fork?: boolean } = {}) {
  return event("pull_request", "closed", { headRef: branch, issueNumber: number }, (p) => {
    if (o.fork) fromFork(p);
    const pr = obj(p.pull_request);
    pr.merged = merged !== null;
    pr.merge_commit_sha = merged?.sha ?? null;
  });
}

/** `workflow_run.completed` of the executor, dispatched on a module branch, named after its nonce. */
export function executorRunCompleted(
  branch: string,
  nonce: string,
  o: { conclusion?: string; path?: string; event?: string; id?: number } = {},
) {
  return event("workflow_run", "completed", { headRef: branch }, (p) => {
    const run = obj(p.workflow_run);
    run.id = o.id ?? 4001;
    run.event = o.event ?? "workflow_dispatch";
    run.path = o.path ?? ".github/workflows/conductor-executor.yml";
    run.display_title = `conductor ${nonce}`;
    run.conclusion = o.conclusion ?? "failure";
  });
}

/** `check_run.completed` of a check named `name` on a branch. */
export function checkRun(branch: string, head: string, name: string) {
  return event("check_run", "completed", { headRef: branch, headSha: head }, (p) => {
    obj(p.check_run).name = name;
  });
}

/** `pull_request.closed` of a PR on some branch. */
export function pullOn(branch: string, number: number) {
  return pullClosed(branch, number, null);
}

/** `pull_request_review.submitted` (state `approved`, `changes_requested`, `commented`) or `.dismissed` on a module PR. */
export function review(
  branch: string,
  commit: string,
  o: {
    state: "approved" | "changes_requested" | "commented" | "dismissed";
    reviewer?: string;
    pr?: number;
    fork?: boolean;
  },
) {
  const action = o.state === "dismissed" ? "dismissed" : "submitted";
  const adapt = { headRef: branch, sender: o.reviewer ?? "octocat", issueNumber: o.pr ?? 11 };
  return event("pull_request_review", action, adapt, (p) => {
    if (o.fork) fromFork(p);
    const r = obj(p.review);
    r.state = o.state;
    r.commit_id = commit;
    r.user = user(o.reviewer ?? "octocat");
  });
}

/** `pull_request_review.submitted` (state commented) by `reviewer` of `type`, with `body` (docs/ai-review.md). */
export function commentedReview(branch: string, commit: string, o: { reviewer: string; type: string; body: string }) {
  return event("pull_request_review", "submitted", { headRef: branch, sender: o.reviewer, issueNumber: 11 }, (p) => {
    const r = obj(p.review);
    r.state = "commented";
    r.commit_id = commit;
    r.body = o.body;
    r.user = user(o.reviewer, o.type);
  });
}
