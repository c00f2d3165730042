/** The AI reviewer's PR review reaches the core only when the app posted it (docs/ai-review.md). */
import { expect, test } from "vitest";
import type { TaskRecord } from "../../src/core/record.js";
import { encodeMarker } from "../../src/protocol/marker.js";
import type { ReviewReport } from "../../src/protocol/review.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { commentedReview } from "./events.js";
import { BOT, startApp } from "./harness.js";
import { dashboardEdited } from "./mocks.js";
import { ISSUE, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
const PROTO = "conductor/7/p1-proto";
const HEAD = sha("d");
const R = "/repos/Codertocat/Hello-World";

/** proto's head is green (result, verify, CI), so its review attempt is running. */
function reviewing(): { record: TaskRecord; attempt: number; nonce: string } {
  const s = new Scenario({ config: { gates: { ai_review: "required" } } })
    .opened({ "p1-proto": 11, "p1-api": 12 })
    .reported("p1-proto", HEAD, 501)
    .apply({
      type: "ChecksCompleted",
      id: "setup-ci",
      module: "p1-proto",
      head_sha: HEAD,
      checks: { pending: [], passed: ["test"], failed: [], none_seen: false },
    });
  const a = s.attempt("p1-proto");
  if (a.mode !== "review") throw new Error(`expected a review attempt, got ${a.mode}`);
  return { record: s.record, attempt: a.number, nonce: a.nonce };
}

function report(attempt: number, nonce: string, verdict: ReviewReport["verdict"]): ReviewReport {
  return {
    version: 1,
    task: ISSUE,
    module: "proto",
    attempt,
    nonce,
    head_sha: HEAD,
    verdict,
    summary: verdict === "approve" ? "Looks right." : "The field numbers moved.",
    comments: [],
    usage: { input_tokens: 500, output_tokens: 50, cache_read_tokens: 0, cache_write_tokens: 0, usd: 0.03 },
    turns: 2,
  };
}

const submitted = (login: string, type: string, body: string) =>
  commentedReview(PROTO, HEAD, { reviewer: login, type, body });

test("the app's own review approves: conductor/review succeeds and the record has the verdict", async () => {
  const app = await startApp(http);
  const { record, attempt, nonce } = reviewing();
  const store = fakeStore(http, ISSUE, record);
  http.github().post(`${R}/check-runs`).reply(201, { id: 9 });
  http
    .github()
    .put(`${R}/pulls/11/merge`)
    .reply(200, { sha: sha("e"), merged: true, message: "Pull Request successfully merged" });
  dashboardEdited(http);
  await app.deliver(submitted(BOT, "Bot", `Review\n\n${encodeMarker("review", report(attempt, nonce, "approve"))}`));
  const proto = store.record?.modules.find((m) => m.key === "p1-proto");
  expect(proto?.heads.find((h) => h.sha === HEAD)?.review).toEqual({ attempt, verdict: "approve" });
  expect(http.find("POST", `${R}/check-runs`)[0]?.body).toMatchObject({
    name: "conductor/review",
    head_sha: HEAD,
    conclusion: "success",
  });
  expect(proto?.state).toBe("merged");
});

test("a review with the marker by anyone else is ignored for the gate", async () => {
  const app = await startApp(http);
  const { record, attempt, nonce } = reviewing();
  const store = fakeStore(http, ISSUE, record);
  dashboardEdited(http);
  await app.deliver(
    submitted("mallory", "User", `LGTM\n\n${encodeMarker("review", report(attempt, nonce, "approve"))}`),
  );
  const proto = store.record?.modules.find((m) => m.key === "p1-proto");
  expect(proto?.heads.every((h) => h.review === null)).toBe(true);
  expect(proto?.attempts.find((a) => a.number === attempt)?.state).toBe("running");
  expect(store.record?.log.at(-1)?.text).toContain("ignored a review not posted by the app (@mallory)");
});
