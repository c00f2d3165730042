/**
 * An in-process GitHub for the demo, the end-to-end tests and the benchmark: the REST endpoints (and
 * the few GraphQL operations) Conductor uses, over a real bare git repository driven by the git CLI,
 * plugged into Octokit through `request.fetch` (not nock).
 *
 * ```ts
 * const sandbox = await createSandbox({ owner: "acme", repo: "shop", clock: () => now });
 * const app = new Octokit({ auth: sandbox.installationToken(), request: { fetch: sandbox.fetch } });
 * const probot = new Probot({ appId: sandbox.app.id, privateKey,
 *   Octokit: ProbotOctokit.defaults({ request: { fetch: sandbox.fetch } }) });
 * sandbox.addCollaborator("alice", "maintain");
 * const alice = new Octokit({ auth: sandbox.tokenFor("alice"), request: { fetch: sandbox.fetch } });
 * await alice.rest.issues.addLabels({ owner: "acme", repo: "shop", issue_number: 1, labels: ["orchestrate"] });
 * for (const delivery of sandbox.webhooks.take()) await probot.receive(delivery);
 * // git clone <sandbox.gitDir> … git push …; then:
 * await sandbox.receivePush("executor[bot]");
 * await sandbox.setRunStatus(runId, "completed", "success");
 * sandbox.calls(); sandbox.violations(); await sandbox.close();
 * ```
 */
export type { CallReport, RequestLogEntry, RouteCount } from "./accounting.js";
export type { Fault, FaultKind, FaultMatcher, FaultRule, LatencyHook, RandomFaults } from "./faults.js";
export {
  loadOpenApiChecker,
  type OpenApiChecker,
  type OperationMatch,
  type RequestCheckResult,
} from "./openapi-check.js";
export type { ContentLimits } from "./rate-limit.js";
export type { RepoSeed } from "./repo.js";
export type { ContractViolation, ResponseProblem } from "./router.js";
export { createSandbox } from "./sandbox.js";
export type { Sandbox, SandboxOptions } from "./sandbox-types.js";
export type { AppRec, Role, SandboxState } from "./state.js";
export { loadWebhookChecker, type WebhookChecker, webhookKey } from "./webhook-check.js";
export type { WebhookDelivery, WebhookListener, WebhookQueue } from "./webhook-queue.js";
