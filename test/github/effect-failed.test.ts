/** An effect GitHub keeps refusing is given up after `MAX_EFFECT_FAILURES` and reported to the core. */
import { expect, test } from "vitest";
import { MAX_EFFECT_FAILURES } from "../../src/github/reconcile/reconcile.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { edited } from "./events.js";
import { R, startApp } from "./harness.js";
import { dashboardEdited } from "./mocks.js";
import { ISSUE, Scenario } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();

test("given up after three refusals: EffectFailed reaches the core, which logs it; nothing is retried", async () => {
  const app = await startApp(http);
  const s = new Scenario().opened({ "p1-proto": 11, "p1-api": 12 });
  const react = { type: "React" as const, id: "g1:react:555", target: { kind: "comment" as const, comment_id: 555 } };
  const store = fakeStore(http, ISSUE, { ...s.record, outbox: [{ ...react, content: "eyes" }] });
  http
    .github()
    .post(`${R}/issues/comments/555/reactions`)
    .times(MAX_EFFECT_FAILURES)
    .reply(422, { message: "Validation Failed" });
  dashboardEdited(http);
  // Any webhook of the task performs its outbox; an edit of a running task decides nothing by itself.
  for (let i = 0; i < MAX_EFFECT_FAILURES; i++) {
    await app.probot.receive(edited({ sender: "octocat" }));
    await app.conductor.idle();
  }
  expect(store.record?.outbox).toEqual([]);
  expect(store.record?.log.at(-1)?.text).toContain("gave up React after repeated failures: 422 Validation Failed");
  await app.probot.receive(edited({ sender: "octocat" }));
  await app.conductor.idle();
  expect(http.find("POST", `${R}/issues/comments/555/reactions`)).toHaveLength(MAX_EFFECT_FAILURES);
});
