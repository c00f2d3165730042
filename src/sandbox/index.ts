/**
 * An in-process GitHub for the demo, the end-to-end tests and the benchmark: REST (and a little
 * GraphQL) over a real git repository, plugged into Octokit through `request.fetch`.
 */
export type { CallReport, RequestLogEntry, RouteCount } from "./accounting.js";
export type { FaultKind, FaultRule, RandomFaults } from "./faults.js";
export { loadOpenApiChecker, type OpenApiChecker } from "./openapi-check.js";
export type { ContractViolation, ResponseProblem } from "./router.js";
export { createSandbox, type Sandbox, type SandboxOptions } from "./sandbox.js";
export type { Role, SandboxState } from "./state.js";
export { loadWebhookChecker, type WebhookChecker } from "./webhook-check.js";
export type { WebhookDelivery } from "./webhooks.js";
