import { describe, expect, test } from "vitest";
import { checkGitHubRequest, findGitHubOperation } from "./openapi.js";

describe("checkGitHubRequest", () => {
  test.each([
    ["POST", "/repos/o/r/issues/1/comments", { body: "x" }],
    ["PATCH", "https://api.github.com/repos/o/r/git/refs/conductor%2Ftasks%2F3", { sha: "a", force: false }],
    ["GET", "/repos/o/r/commits/abc/check-runs?filter=latest&per_page=100&page=2", undefined],
    ["GET", "/repos/o/r/contents/docs/a%20b.md?ref=main", undefined],
    ["GET", "/repos/o/r/contents/docs/a.md", undefined], // unencoded: the trailing parameter takes the rest
    ["POST", "/app/installations/2/access_tokens", {}],
    ["POST", "/repos/o/r/issues/1/labels", { labels: ["a"] }], // a oneOf body
    ["PATCH", "/repos/o/r/issues/1", { title: "t", milestone: null }], // nullable
    ["POST", "/graphql", { query: "{ viewer { login } }", variables: {} }],
  ])("accepts %s %s", (method, url, body) => {
    expect(checkGitHubRequest({ method, url, body })).toEqual([]);
  });

  test.each([
    [
      "POST",
      "/repos/o/r/issues/1/comments",
      { bodyy: "x" },
      "issues/create-comment: body must have required property 'body'",
    ],
    [
      "POST",
      "/repos/o/r/issues/1/comments",
      { bodyy: "x" },
      'issues/create-comment: body field "bodyy" is not defined',
    ],
    ["POST", "/repos/o/r/issues/1/comments", undefined, "issues/create-comment: request body is required"],
    ["PATCH", "/repos/o/r/git/refs/heads%2Fmain", { sha: "a", forse: true }, 'git/update-ref: body field "forse"'],
    [
      "POST",
      "/repos/o/r/pulls",
      { title: "t", head: "a", base: "b", draft: "yes" },
      "pulls/create: body/draft must be boolean",
    ],
    [
      "POST",
      "/repos/o/r/check-runs",
      { name: "n", head_sha: "a", status: "done" },
      "checks/create: body/status must be equal to one of the allowed values",
    ],
    ["GET", "/repos/o/r/issues/abc", undefined, "issues/get: parameter/issue_number must be integer"],
    [
      "GET",
      "/repos/o/r/commits/a/check-runs?pag=2",
      undefined,
      'checks/list-for-ref: query parameter "pag" is not defined',
    ],
    ["DELETE", "/repos/o/r/issues/1/labels/bug", { x: 1 }, "issues/remove-label: the operation takes no request body"],
    ["POST", "/repos/o/r/nope", { a: 1 }, "no GitHub operation for POST /repos/o/r/nope"],
    ["POST", "/graphql", { mutation: "x" }, "graphql: body must be an object with a `query` string"],
  ])("rejects %s %s %j", (method, url, body, problem) => {
    expect(checkGitHubRequest({ method, url, body }).join("\n")).toContain(problem);
  });
});

describe("findGitHubOperation", () => {
  test("literal segments win over parameters", () => {
    expect(findGitHubOperation("GET", "/repos/o/r/issues/comments")?.op.id).toBe("issues/list-comments-for-repo");
    expect(findGitHubOperation("GET", "/repos/o/r/issues/7")?.op.id).toBe("issues/get");
  });
  test("decodes path parameters", () => {
    expect(findGitHubOperation("GET", "/repos/o/r/git/ref/conductor%2Ftasks%2F3")?.pathParams).toEqual({
      owner: "o",
      repo: "r",
      ref: "conductor/tasks/3",
    });
  });
});
