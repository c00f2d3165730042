/**
 * A pull request from a fork whose branch is named like a module branch (`conductor/7/p1-proto`) is not the
 * module's PR: branch names are anyone's to choose. Its pushes, closes and reviews change nothing, and
 * neither do those of a second PR of ours from the module branch that is not the module's PR.
 */
import { expect, test } from "vitest";
import { modulePull } from "../../src/github/to-event/pull.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { pullClosed, pullPushed, review } from "./events.js";
import { startApp } from "./harness.js";
import { ISSUE, Scenario, sha } from "./scenario.js";
import { fakeStore } from "./store-fake.js";

const http = setupStrictHttp();
const PROTO = "conductor/7/p1-proto";
const HEAD = sha("d");
const verifying = () =>
  new Scenario({ config: { gates: { review: "required" } } })
    .opened({ "p1-proto": 11, "p1-api": 12 })
    .reported("p1-proto", HEAD, 700);

const proto = (store: ReturnType<typeof fakeStore>) => store.record?.modules.find((m) => m.key === "p1-proto");

test.each([
  ["a push to a fork's PR from a branch named like the module", () => pullPushed(PROTO, 99, sha("f"), { fork: true })],
  ["a fork's PR of that name closed", () => pullClosed(PROTO, 99, null, { fork: true })],
  ["a fork's PR given the module PR's number in a forged payload", () => pullClosed(PROTO, 11, null, { fork: true })],
  ["another PR of ours from the module branch, pushed to", () => pullPushed(PROTO, 98, sha("f"))],
  ["another PR of ours from the module branch, closed", () => pullClosed(PROTO, 98, null)],
  ["an approval on a fork's PR of that name", () => review(PROTO, HEAD, { state: "approved", pr: 99, fork: true })],
])("%s: the module is untouched, no request made", async (_, webhook) => {
  const before = verifying().record;
  const app = await startApp(http);
  const store = fakeStore(http, ISSUE, before);
  await app.deliver(webhook());
  expect(proto(store)).toEqual(before.modules.find((m) => m.key === "p1-proto"));
  expect(store.record?.status).toBe("running");
});

test("the routing is not blind: the module's own PR from this repository is the module", () => {
  const record = verifying().record;
  const own = pullPushed(PROTO, 11, sha("f")).payload as unknown as { pull_request: Parameters<typeof modulePull>[1] };
  const fork = pullPushed(PROTO, 11, sha("f"), { fork: true }).payload as unknown as typeof own;
  expect(modulePull(record, own.pull_request)).toBe("p1-proto");
  expect(modulePull(record, fork.pull_request)).toBeNull();
});
