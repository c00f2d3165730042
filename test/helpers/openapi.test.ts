import { describe, expect, test } from "vitest";
import { checkGitHubRequest } from "./openapi.js";

// The checks themselves are tested with the sandbox's checker (test/sandbox/openapi-check.test.ts).
describe("checkGitHubRequest", () => {
  test("a valid request has no problems", () => {
    const url = "https://api.github.com/repos/o/r/git/refs/conductor%2Ftasks%2F7";
    expect(checkGitHubRequest({ method: "PATCH", url, body: { sha: "a", force: false } })).toEqual([]);
  });

  test("problems are prefixed with the operation id", () => {
    expect(checkGitHubRequest({ method: "POST", url: "/repos/o/r/issues/1/comments", body: { bodyy: "x" } })).toEqual([
      "issues/create-comment: body must have required property 'body'",
      'issues/create-comment: body field "bodyy" is not defined (GitHub ignores it)',
    ]);
  });

  test("a request no operation serves says so", () => {
    expect(checkGitHubRequest({ method: "POST", url: "/repos/o/r/nope", body: { a: 1 } })).toEqual([
      "no GitHub operation for POST /repos/o/r/nope",
    ]);
  });

  test("GraphQL: only the envelope is checked", () => {
    const url = "https://api.github.com/graphql";
    expect(checkGitHubRequest({ method: "POST", url, body: { query: "{ viewer { login } }", variables: {} } })).toEqual(
      [],
    );
    expect(checkGitHubRequest({ method: "POST", url, body: { mutation: "x" } })).toEqual([
      "graphql: body must be an object with a `query` string",
    ]);
    expect(checkGitHubRequest({ method: "POST", url, body: { query: "{}", variables: [] } })).toEqual([
      "graphql: `variables` must be an object",
    ]);
  });
});
