/**
 * GitHub's request check for tests, synchronous: the sandbox's checker (`sandbox/openapi-check.ts`:
 * REST requests against GitHub's OpenAPI description, GraphQL's envelope), loaded by this module's
 * top-level await. The strict HTTP mock imports this module once a test has sent something to
 * api.github.com; the bundle test hands `checkGitHubRequest` to its fake API server.
 */
import { loadOpenApiChecker } from "../../sandbox/openapi-check.js";

/** A request as sent: `url` is absolute or a path (with query), `body` already JSON-parsed. */
export interface GitHubRequest {
  method: string;
  url: string;
  body?: unknown;
}

const checker = await loadOpenApiChecker();

/**
 * Every problem GitHub would have with this request, each prefixed with the operation id
 * (`issues/create-comment: body must have required property 'body'`); empty when it is acceptable.
 */
export function checkGitHubRequest(request: GitHubRequest): string[] {
  const { operation, problems } = checker.checkRequest(request);
  return operation ? problems.map((p) => `${operation.operationId}: ${p}`) : problems;
}
