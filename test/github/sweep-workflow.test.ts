/**
 * The Actions-hosted sweep workflow is on only while a task is active (docs/operations.md#actions-hosted-mode):
 * the decision as a table, and a repository without the sweep workflow (GitHub answers 404) left alone.
 * The on/off round trip through GitHub's API is in test/ops/actions-mode.test.ts, on the sandbox.
 */
import { Octokit } from "@octokit/rest";
import { expect, test } from "vitest";
import { silentLog } from "../../src/github/reconcile/log.js";
import { sweepWorkflowChange, syncSweepWorkflow } from "../../src/github/sweep/sweep-workflow.js";

test.each([
  ["active", 0, "disable"],
  ["active", 2, null],
  ["disabled_manually", 1, "enable"],
  ["disabled_manually", 0, null],
  ["disabled_inactivity", 3, "enable"],
  ["disabled_inactivity", 0, null],
] as const)("a %s workflow with %i active tasks: %s", (state, active, change) => {
  expect(sweepWorkflowChange(state, active)).toBe(change);
});

test("no sweep workflow in the repository (404): logged, nothing enabled, no error", async () => {
  const requests: string[] = [];
  // GitHub's answer for a workflow file that does not exist, at the HTTP boundary.
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    requests.push(`${init?.method ?? "GET"} ${String(url)}`);
    return new Response(JSON.stringify({ message: "Not Found", status: "404" }), {
      status: 404,
      headers: { "content-type": "application/json" },
    });
  };
  const octokit = new Octokit({ request: { fetch } });
  const logged: string[] = [];
  const log = { ...silentLog, info: (_: object, message?: string) => void logged.push(message ?? "") };
  await syncSweepWorkflow(octokit, { owner: "acme", repo: "shop" }, 1, log);
  expect(requests).toEqual(["GET https://api.github.com/repos/acme/shop/actions/workflows/conductor-sweep.yml"]);
  expect(logged).toEqual(["no sweep workflow: active tasks are swept only when an event arrives"]);
});
