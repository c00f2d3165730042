import { parseSpec } from "../../spec/parse.js";
import type { WebhookDelivery } from "../webhooks.js";
import type { CiJob } from "./ci.js";

/** Work the world's actors do between deliveries: an executor run, or a CI run. */
export type Job = { kind: "executor"; runId: number } | ({ kind: "ci" } & CiJob);

const MODULE_BRANCH = /^conductor\/\d+\/(p\d+-[a-z0-9-]+)$/;
const CI_ACTIONS = new Set(["opened", "synchronize", "reopened", "ready_for_review"]);

/** Module key (`p<phase>-<slug>`) → its test command, from the spec. */
export function testCommands(spec: string): Map<string, string> {
  const parsed = parseSpec(spec);
  const commands = new Map<string, string>();
  if (!parsed.ok) return commands;
  for (const phase of parsed.plan.phases) {
    for (const module of phase.modules) {
      commands.set(`p${phase.number}-${module.slug}`, module.test_command ?? phase.test_command ?? "node --test");
    }
  }
  return commands;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/**
 * The jobs a webhook starts, as GitHub would: a `workflow_dispatch` run requested → the executor; a
 * module PR opened, pushed or marked ready → CI on its head, skipping drafts as many CI setups do (when CI is
 * configured). The executor marks its PR ready after its first push, so every executor head is tested.
 */
export function jobsFor(delivery: WebhookDelivery, options: { ci: boolean; commands: Map<string, string> }): Job[] {
  const { payload } = delivery;
  if (delivery.name === "workflow_run" && payload.action === "requested") {
    const run = record(payload.workflow_run);
    if (run.event === "workflow_dispatch" && typeof run.id === "number") return [{ kind: "executor", runId: run.id }];
  }
  if (options.ci && delivery.name === "pull_request" && CI_ACTIONS.has(String(payload.action))) {
    const pull = record(payload.pull_request);
    const head = record(pull.head);
    const key = MODULE_BRANCH.exec(String(head.ref))?.[1];
    if (key && pull.draft !== true && typeof head.sha === "string" && typeof pull.number === "number") {
      return [{ kind: "ci", sha: head.sha, pr: pull.number, command: options.commands.get(key) ?? "node --test" }];
    }
  }
  return [];
}
