import { Octokit } from "@octokit/rest";
import type { Sandbox } from "../../sandbox/index.js";
import { TaskRecord } from "../../src/core/record.js";
import { createTaskStore } from "../../src/github/store/store.js";

/** The task record as stored in the sandbox's repository (`tasks/<issue>.json` on `conductor/state`), read through the store. */
export async function storedRecord(sandbox: Sandbox, issue: number): Promise<TaskRecord | null> {
  const octokit = new Octokit({ auth: sandbox.installationToken(), request: { fetch: sandbox.fetch } });
  const store = createTaskStore(octokit, { owner: sandbox.owner, repo: sandbox.repo }, { parse: TaskRecord.parse });
  return (await store.load(issue))?.record ?? null;
}
