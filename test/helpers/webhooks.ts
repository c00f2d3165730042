/**
 * Real webhook payloads for tests: GitHub's own examples (`@octokit/webhooks-examples`), adapted to the
 * scenario, and checked against GitHub's webhook schemas (`@octokit/openapi-webhooks`, through the
 * sandbox's checker, loaded by this module's top-level await) so that an adaptation never produces a
 * payload GitHub would not send.
 *
 *   const event = webhookEvent("issues", "labeled", { installationId: 2, issueNumber: 7, label: "conductor" });
 *   await probot.receive(event);
 */
import { createRequire } from "node:module";
import type { Probot } from "probot";
import { loadWebhookChecker, webhookKey } from "../../sandbox/webhook-check.js";

/** What `probot.receive()` takes. */
export type ReceivableEvent = Parameters<Probot["receive"]>[0];
type Json = Record<string, unknown>;

/** Fields a scenario usually needs to control; each is applied wherever the payload has that field. */
export interface WebhookAdaptation {
  installationId?: number;
  owner?: string;
  repo?: string;
  /** The issue's or pull request's number. */
  issueNumber?: number;
  label?: string;
  sender?: string;
  /** `pull_request.head.ref`, `check_suite.head_branch`, `check_run.check_suite.head_branch`, `workflow_run.head_branch`. */
  headRef?: string;
  /** The same objects' head SHA, and `status.sha`. */
  headSha?: string;
  /** `comment.body`, or `issue.body` / `pull_request.body` when there is no comment. */
  body?: string;
}

const require = createRequire(import.meta.url);
/** The examples package's layout, typed loosely: its own types (webhooks-types) lack `action` on some events. */
interface ExampleDefinition {
  name: string;
  examples: Array<Record<string, unknown> & { action?: string }>;
}
// CJS JSON package: a default import type-checks wrongly under nodenext (STACK.md §3).
const examples = require("@octokit/webhooks-examples") as ExampleDefinition[];
const checker = await loadWebhookChecker();

/** A deep copy of the `index`-th example of `event` (with `action`, when given). Throws when there is none. */
export function webhookExample(event: string, action?: string, index = 0): Json {
  const def = examples.find((d) => d.name === event);
  const found = (def?.examples ?? []).filter((e) => action === undefined || e.action === action)[index];
  if (!found) throw new Error(`no webhook example for ${event}${action ? `.${action}` : ""} #${index}`);
  return structuredClone(found);
}

/** Applies `a` to a payload in place and returns it. */
export function adaptWebhook(payload: Json, a: WebhookAdaptation): Json {
  if (a.installationId !== undefined)
    payload.installation = { id: a.installationId, node_id: `MDIz${a.installationId}` };
  const repo = obj(payload.repository);
  if (repo && (a.owner !== undefined || a.repo !== undefined)) {
    const owner = obj(repo.owner);
    if (owner && a.owner !== undefined) owner.login = a.owner;
    if (a.repo !== undefined) repo.name = a.repo;
    repo.full_name = `${String(owner?.login)}/${String(repo.name)}`;
  }
  for (const key of ["issue", "pull_request"]) {
    const item = obj(payload[key]);
    if (item && a.issueNumber !== undefined) item.number = a.issueNumber;
    if (item && a.body !== undefined && !payload.comment) item.body = a.body;
  }
  if (a.issueNumber !== undefined && typeof payload.number === "number") payload.number = a.issueNumber;
  const comment = obj(payload.comment);
  if (comment && a.body !== undefined) comment.body = a.body;
  const label = obj(payload.label);
  if (label && a.label !== undefined) label.name = a.label;
  const sender = obj(payload.sender);
  if (sender && a.sender !== undefined) sender.login = a.sender;
  const head = obj(obj(payload.pull_request)?.head);
  const suites = [obj(payload.check_suite), obj(obj(payload.check_run)?.check_suite), obj(payload.workflow_run)];
  if (a.headRef !== undefined) {
    if (head) head.ref = a.headRef;
    for (const s of suites) if (s) s.head_branch = a.headRef;
  }
  if (a.headSha !== undefined) {
    if (head) head.sha = a.headSha;
    for (const s of [...suites, obj(payload.check_run)]) if (s) s.head_sha = a.headSha;
    if (typeof payload.sha === "string") payload.sha = a.headSha;
  }
  return payload;
}

/**
 * An example adapted to the scenario, checked against the webhook schema, ready for `probot.receive()`.
 *
 * Some examples are older than the schemas (e.g. `status`, `pull_request.synchronize` lack fields GitHub
 * added later), so without `index` the first example that satisfies the schema is used, and the check
 * throws only on problems the adaptation introduced.
 */
export function webhookEvent(event: string, action: string | undefined, a: WebhookAdaptation = {}, index?: number) {
  const original = webhookExample(event, action, index ?? firstValidIndex(event, action));
  const before = new Set(checkWebhookPayload(event, action, original));
  const payload = adaptWebhook(structuredClone(original), a);
  const introduced = checkWebhookPayload(event, action, payload).filter((p) => !before.has(p));
  if (introduced.length > 0) {
    throw new Error(`adapting the ${event}.${action} example broke it:\n${introduced.join("\n")}`);
  }
  // The examples are typed by @octokit/webhooks-types, Probot by @octokit/openapi-webhooks-types; the
  // schema check above is the real guarantee, so the cast only bridges the two type packages.
  return { id: `test-${event}-${nextId++}`, name: event, payload } as unknown as ReceivableEvent;
}

function firstValidIndex(event: string, action: string | undefined): number {
  const all = examples.find((d) => d.name === event)?.examples ?? [];
  const matching = all.filter((e) => action === undefined || e.action === action);
  const i = matching.findIndex((e) => checkWebhookPayload(event, action, e).length === 0);
  return Math.max(i, 0);
}
let nextId = 1;

/**
 * Problems with `payload` as the `event` webhook, per GitHub's webhook schemas (the sandbox's checker,
 * `sandbox/webhook-check.ts`); empty = valid. The payload's own `action` selects the schema, as on
 * GitHub; `action` is the one the caller means, and a payload that says otherwise is a problem.
 */
export function checkWebhookPayload(event: string, action: string | undefined, payload: unknown): string[] {
  const actual = obj(payload)?.action;
  if (action !== undefined && actual !== action) {
    return [`${webhookKey(event, { action })}: payload/action is ${JSON.stringify(actual)}, not "${action}"`];
  }
  return checker.check(event, payload);
}

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}
