import { describe, expect, test } from "vitest";
import { readHistory } from "../../src/github/reads/read-history.js";
import { Driver, makePlan } from "../core/driver.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { R } from "./harness.js";
import { performEnv } from "./perform-env.js";
import { ISSUE } from "./scenario.js";

const http = setupStrictHttp();
const BRANCH = { ref: "conductor/state" };
const sha = (c: string) => c.repeat(40);

/** A file of `conductor/state` as the contents API answers it. */
function file(issue: number, text: string) {
  http
    .github()
    .get(`${R}/contents/tasks%2F${issue}.json`)
    .query(BRANCH)
    .reply(200, {
      type: "file",
      name: `${issue}.json`,
      path: `tasks/${issue}.json`,
      sha: sha(String(issue % 10)),
      size: text.length,
      encoding: "base64",
      content: Buffer.from(text).toString("base64"),
    });
}

function doneRecord(issue: number) {
  const d = new Driver({ issue, plan: makePlan([2, 1]) });
  d.label();
  d.settle();
  return JSON.stringify(d.record);
}

describe("readHistory: the task records on conductor/state", () => {
  test("reads the other tasks' records; a broken or foreign one is a note, not a crash; this task is not read", async () => {
    const entry = (name: string) => ({ name, path: `tasks/${name}`, type: "file", sha: sha("1") });
    http
      .github()
      .get(`${R}/contents/tasks`)
      .query(BRANCH)
      .reply(200, [entry("3.json"), entry("4.json"), entry("5.json"), entry(`${ISSUE}.json`)]);
    file(3, doneRecord(3));
    file(4, "{ this is not json");
    file(5, JSON.stringify({ tool: "someone else's", version: 9 }));
    const history = await readHistory(performEnv(null));
    expect(history.samples.map((s) => `${s.task}:${s.module}`)).toEqual(["3:mod1a", "3:mod1b", "3:mod2a"]);
    expect(history.notes).toEqual([
      expect.stringMatching(/^tasks\/4\.json: skipped, not JSON at line 1, column 3/),
      expect.stringMatching(/^tasks\/5\.json: skipped, not a task record \(version: /),
    ]);
  });

  test("a listing GitHub refuses leaves the history empty with a note; the plan goes on", async () => {
    http
      .github()
      .get(`${R}/contents/tasks`)
      .query(BRANCH)
      .reply(403, { message: "Resource not accessible by integration" });
    const history = await readHistory(performEnv(null));
    expect(history.samples).toEqual([]);
    expect(history.notes[0]).toMatch(/^the task records could not be listed: Resource not accessible by integration/);
  });
});
