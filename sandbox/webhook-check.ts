import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { isRecord, type Json } from "./openapi-index.js";

/** Validates webhook payloads against `@octokit/openapi-webhooks` (OpenAPI 3.1, JSON Schema 2020-12). */
export interface WebhookChecker {
  /**
   * Problems with one payload of event `name` (e.g. `pull_request`), whose `payload.action` selects the
   * schema as on GitHub; `["no webhook schema for …"]` when the description has no such webhook.
   */
  check(name: string, payload: unknown): string[];
}

/** The key of a webhook in the description: `pull-request-opened`, `status`, … */
export function webhookKey(name: string, payload: unknown): string {
  const action = isRecord(payload) && typeof payload.action === "string" ? payload.action : undefined;
  return (action ? `${name}-${action}` : name).replaceAll("_", "-");
}

const COMPONENT = "#/components/schemas/";

/**
 * Builds a checker from the parsed webhooks description (left untouched). Each webhook's schema is
 * compiled on first use with only the component schemas it reaches, each added as `wh:<name>`: handing
 * ajv the whole 4.8 MB document costs ~150 ms more per process for the same validators.
 */
export function createWebhookChecker(spec: Json, ajv: Ajv2020): WebhookChecker {
  const webhooks = isRecord(spec.webhooks) ? spec.webhooks : {};
  const schemas = isRecord(spec.components) && isRecord(spec.components.schemas) ? spec.components.schemas : {};
  const added = new Set<string>();
  const compiled = new Map<string, ValidateFunction>();
  /** A copy of `schema` with its component refs rewritten to `wh:` ids, adding those components to ajv. */
  const withComponents = (schema: unknown): object => {
    const pending: string[] = [];
    const rewrite = (node: unknown): object => {
      const copy: unknown = JSON.parse(JSON.stringify(node ?? {}), (key, value: unknown) => {
        if (key !== "$ref" || typeof value !== "string" || !value.startsWith(COMPONENT)) return value;
        pending.push(value.slice(COMPONENT.length));
        return `wh:${value.slice(COMPONENT.length)}`;
      });
      return isRecord(copy) ? copy : {};
    };
    const root = rewrite(schema);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (added.has(name)) continue;
      added.add(name);
      ajv.addSchema(rewrite(schemas[name]), `wh:${name}`);
    }
    return root;
  };
  return {
    check(name, payload) {
      const key = webhookKey(name, payload);
      let fn = compiled.get(key);
      if (!fn) {
        const hook = webhooks[key];
        const post = isRecord(hook) && isRecord(hook.post) ? hook.post : undefined;
        const body = isRecord(post?.requestBody) && isRecord(post.requestBody.content) ? post.requestBody.content : {};
        const json = body["application/json"];
        if (!isRecord(json)) return [`no webhook schema for ${key}`];
        fn = ajv.compile(withComponents(json.schema));
        compiled.set(key, fn);
      }
      if (fn(payload)) return [];
      return (fn.errors ?? []).map((e) => `${key}: payload${e.instancePath} ${e.message ?? e.keyword}`);
    },
  };
}

let shared: Promise<WebhookChecker> | undefined;

/** Loads `@octokit/openapi-webhooks`' api.github.com description once per process. */
export function loadWebhookChecker(): Promise<WebhookChecker> {
  shared ??= (async () => {
    const [{ Ajv2020 }, formats] = await Promise.all([import("ajv/dist/2020.js"), import("ajv-formats")]);
    // require: Node parses the 4.8 MB JSON once per process and shares it; the checker never mutates it.
    const spec: unknown = createRequire(import.meta.url)("@octokit/openapi-webhooks/generated/api.github.com.json");
    if (!isRecord(spec)) throw new Error("@octokit/openapi-webhooks' description is not an object");
    // strict: false — the schemas use keywords ajv does not know; validateSchema: false — GitHub's own
    // schemas need no meta-schema check (it costs time and finds nothing). Compiling a webhook schema
    // dominates (~200 ms for issues.labeled): with shared components compiled once instead of inlined at
    // every use, and without ajv's code optimization pass, the first takes ~140 ms and the next ~60 ms
    // instead of ~150 ms, for the same validation speed.
    const ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      logger: false,
      validateSchema: false,
      inlineRefs: false,
      code: { optimize: false },
    });
    // ajv-formats is CommonJS: its `default` export sits on module.exports.default.
    formats.default.default(ajv);
    return createWebhookChecker(spec, ajv);
  })();
  return shared;
}
