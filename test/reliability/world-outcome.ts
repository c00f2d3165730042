/**
 * What a reliability run must end with, read from the sandbox: the same merged modules and final PR as a
 * clean run, and no duplicate PR, dispatch, merge or comment
 * (docs/architecture.md#idempotent-effects-with-deterministic-ids).
 */

import { readRecord } from "../../sandbox/world/summary.js";
import type { World } from "../../sandbox/world.js";
import type { TaskRecord } from "../../src/core/record.js";

const DISPATCH = "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches";

export interface Outcome {
  status: string;
  merged: string[];
  /** Heads of PRs, sorted: a duplicate PR shows as a head listed twice. */
  prHeads: string[];
  finalPr: number;
  /** Successful dispatches (the executor runs started), merges, app comments by issue or PR. */
  dispatches: number;
  merges: number;
  /**
   * Keyed by the PR's head branch or the issue's title, not its number: with sub-issues, faults change the
   * order in which issues and PRs are created, so the same thread gets another number than in the clean run.
   */
  botComments: Record<string, number>;
  /** Every module of the stored record, and whether it is merged; effects left in its outbox. */
  modules: { name: string; merged: boolean }[];
  outbox: number;
  /**
   * The task issue's sub-issues (`tracking.sub_issues`, docs/task-graph.md#sub-issues) as title, state and
   * reason, by title; and issues the app opened that are not among them (a sub-issue made twice shows here).
   */
  subIssues: string[];
  strayIssues: number;
}

/** The task record as stored (`tasks/<issue>.json` on `conductor/state`, src/github/store/store.ts). */
export async function storedRecord(world: World): Promise<TaskRecord | null> {
  return readRecord(world.sandbox, world.issue ?? 0);
}

/** Reads the outcome of a finished run. */
export async function outcomeOf(world: World): Promise<Outcome> {
  const state = world.sandbox.state();
  const record = await storedRecord(world);
  const pulls = Object.values(state.pulls);
  const botComments: Record<string, number> = {};
  const thread = (n: number) => {
    const pull = state.pulls[n];
    return pull ? `pull ${pull.head}` : `issue ${state.issues[n]?.title ?? n}`;
  };
  for (const c of Object.values(state.comments)) {
    if (c.user !== world.sandbox.app.bot) continue;
    botComments[thread(c.issue)] = (botComments[thread(c.issue)] ?? 0) + 1;
  }
  const calls = world.sandbox.calls().byRoute[DISPATCH];
  const children = state.subIssues[world.issue ?? 0] ?? [];
  const linked = children.flatMap((n) => state.issues[n] ?? []);
  return {
    status: world.status(),
    merged: (record?.modules ?? []).filter((m) => m.state === "merged").map((m) => `p${m.phase}-${m.name}`),
    prHeads: pulls.map((p) => p.head).sort(),
    finalPr: pulls.filter((p) => p.head.endsWith("/integration")).length,
    dispatches: (calls?.calls ?? 0) - (calls?.errors ?? 0) - (calls?.faults ?? 0),
    merges: pulls.filter((p) => p.merged).length,
    botComments,
    modules: (record?.modules ?? []).map((m) => ({ name: `p${m.phase}-${m.name}`, merged: m.state === "merged" })),
    outbox: record?.outbox.length ?? -1,
    subIssues: linked.map((i) => `${i.title}: ${i.state} (${i.state_reason})`).sort(),
    strayIssues: Object.values(state.issues).filter(
      (i) => !i.isPull && i.user === world.sandbox.app.bot && !children.includes(i.number),
    ).length,
  };
}
