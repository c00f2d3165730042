import type { WebhookDelivery } from "../webhook-queue.js";
import type { CiJob } from "./ci.js";

/** Work the world's actors do between deliveries: an executor run, or a CI run. */
export type Job = { kind: "executor"; runId: number } | ({ kind: "ci" } & CiJob);

const MODULE_BRANCH = /^conductor\/\d+\/p\d+-[a-z0-9-]+$/;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/**
 * The jobs a webhook starts, as GitHub would: a `workflow_dispatch` run requested → the executor; any
 * activity on a module PR → a CI job, which decides from the repository's own workflow files whether
 * anything runs (`runCi`; drafts, types and branch filters are theirs to say). `ci: false` is a repository
 * with no CI at all.
 */
export function jobsFor(delivery: WebhookDelivery, options: { ci: boolean }): Job[] {
  const { payload } = delivery;
  if (delivery.name === "workflow_run" && payload.action === "requested") {
    const run = record(payload.workflow_run);
    if (run.event === "workflow_dispatch" && typeof run.id === "number") return [{ kind: "executor", runId: run.id }];
  }
  // A closed PR's head gates nothing any more; every other activity type may fire a workflow.
  if (options.ci && delivery.name === "pull_request" && payload.action !== "closed") {
    const pull = record(payload.pull_request);
    const head = record(pull.head);
    const base = record(pull.base);
    const isModule = MODULE_BRANCH.test(String(head.ref));
    if (isModule && typeof head.sha === "string" && typeof base.sha === "string" && typeof pull.number === "number") {
      return [
        {
          kind: "ci",
          sha: head.sha,
          pr: pull.number,
          action: String(payload.action),
          base: String(base.ref),
          baseSha: base.sha,
          head: String(head.ref),
          draft: pull.draft === true,
        },
      ];
    }
  }
  return [];
}
