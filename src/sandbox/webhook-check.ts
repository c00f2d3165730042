import type { ValidateFunction } from "ajv";
import { isRecord, type Json, readSpec } from "./openapi-spec.js";

/** Validates webhook payloads against `@octokit/openapi-webhooks` (OpenAPI 3.1, JSON Schema 2020-12). */
export interface WebhookChecker {
  /**
   * Problems with one payload of event `name` (e.g. `pull_request`, whose `payload.action` selects
   * the schema); `["no schema …"]` when the description has no such webhook.
   */
  check(name: string, payload: unknown): string[];
}

/** The key of a webhook in the description: `pull-request-opened`, `status`, … */
export function webhookKey(name: string, payload: unknown): string {
  const action = isRecord(payload) && typeof payload.action === "string" ? payload.action : undefined;
  const event = name.replace(/_/g, "-");
  return action ? `${event}-${action.replace(/_/g, "-")}` : event;
}

/** Builds a checker from the parsed webhooks description. */
export async function createWebhookChecker(spec: Json): Promise<WebhookChecker> {
  const { Ajv2020 } = await import("ajv/dist/2020.js");
  // ajv-formats is CommonJS: its `default` export sits on module.exports.default.
  const addFormats = (await import("ajv-formats")).default.default;
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(spec, "webhooks.json");
  const webhooks = isRecord(spec.webhooks) ? spec.webhooks : {};
  const compiled = new Map<string, ValidateFunction>();
  return {
    check(name, payload) {
      const key = webhookKey(name, payload);
      if (!(key in webhooks)) return [`no schema for webhook ${key}`];
      const fn =
        compiled.get(key) ??
        ajv.compile({ $ref: `webhooks.json#/webhooks/${key}/post/requestBody/content/application~1json/schema` });
      compiled.set(key, fn);
      if (fn(payload)) return [];
      return (fn.errors ?? []).map((e) => `${key}${e.instancePath} ${e.message ?? "is invalid"}`);
    },
  };
}

let shared: Promise<WebhookChecker> | undefined;

/** Loads `@octokit/openapi-webhooks`' api.github.com description once per process. */
export function loadWebhookChecker(): Promise<WebhookChecker> {
  shared ??= readSpec("@octokit/openapi-webhooks/generated/api.github.com.json").then(createWebhookChecker);
  return shared;
}
