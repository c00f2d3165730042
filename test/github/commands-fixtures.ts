/**
 * What the command scenarios (test/github/commands-*.test.ts) share: the reaction on a command comment,
 * and the list of what a reconcile did on GitHub apart from plumbing, so "no other effect" is one assertion.
 */
import type { StrictHttp } from "../helpers/strict-http.js";
import { R } from "./harness.js";
import { ISSUE } from "./scenario.js";

/** The reaction (👀 `eyes`, 👎 `-1`, 😕 `confused`) on the command comment `commentId`. */
export function reaction(http: StrictHttp, commentId: number, content: "eyes" | "-1" | "confused"): void {
  http
    .github()
    .post(`${R}/issues/comments/${commentId}/reactions`, { content })
    .reply(201, { id: commentId + 1, content });
}

/** The task record's file on `conductor/state` (src/github/store/store.ts). */
const RECORD_FILE = /\/contents\/tasks%2F\d+\.json$/;

/** True for the task record's own writes (src/github/store/store.ts) and the dashboard's edit in place. */
function plumbing(r: { method: string; path: string }): boolean {
  if (r.path.includes("/access_tokens")) return true;
  if (r.method === "PATCH" && r.path.startsWith(`${R}/issues/comments/`)) return true;
  return RECORD_FILE.test(r.path.split("?")[0] ?? "");
}

/** `METHOD path` of every mutating GitHub request but the plumbing above, in order. */
export function mutations(http: StrictHttp): string[] {
  return http.requests
    .filter((r) => r.method !== "GET" && !plumbing(r))
    .map((r) => `${r.method} ${r.path.split("?")[0]?.replace(R, "")}`);
}

/** The body of the comment posted on `on` (the task issue by default) whose text matches. */
export function postedComment(http: StrictHttp, match: RegExp, on = ISSUE): string | undefined {
  return http
    .find("POST", `${R}/issues/${on}/comments`)
    .map((r) => (r.body as { body?: string } | undefined)?.body ?? "")
    .find((b) => match.test(b));
}
