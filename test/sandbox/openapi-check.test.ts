import { beforeAll, describe, expect, test } from "vitest";
import { loadOpenApiChecker, type OpenApiChecker } from "../../sandbox/openapi-check.js";
import { buildOpenApiIndex } from "../../sandbox/openapi-index.js";

let checker: OpenApiChecker;
beforeAll(async () => {
  checker = await loadOpenApiChecker();
});

describe("checkRequest", () => {
  test.each([
    ["POST", "/repos/o/r/issues/1/comments", { body: "x" }],
    ["PATCH", "https://api.github.com/repos/o/r/git/refs/conductor%2Ftasks%2F7", { sha: "a", force: false }],
    ["GET", "/repos/o/r/commits/abc/check-runs?filter=latest&per_page=100&page=2", undefined],
    ["GET", "/repos/o/r/contents/docs/a%20b.md?ref=main", undefined],
    ["GET", "/repos/o/r/contents/docs/a.md", undefined], // unencoded: a trailing {path} takes the rest
    ["POST", "/app/installations/2/access_tokens", {}],
    ["POST", "/repos/o/r/issues/1/labels", { labels: ["a"] }], // a oneOf body
    ["PATCH", "/repos/o/r/issues/1", { title: "t", milestone: null }], // nullable
    ["PATCH", "/repos/o/r/issues/1", { state: "closed", state_reason: null }], // nullable enum
    ["DELETE", "/repos/o/r/issues/1/labels/bug", {}], // an empty object is no body
  ])("accepts %s %s", (method, url, body) => {
    expect(checker.checkRequest({ method, url, body }).problems).toEqual([]);
  });

  test.each([
    ["POST", "/repos/o/r/issues/1/comments", { bodyy: "x" }, "body must have required property 'body'"],
    ["POST", "/repos/o/r/issues/1/comments", { bodyy: "x" }, 'body field "bodyy" is not defined (GitHub ignores it)'],
    ["POST", "/repos/o/r/issues/1/comments", undefined, "request body is required"],
    ["PATCH", "/repos/o/r/git/refs/heads%2Fmain", { sha: "a", forse: true }, 'body field "forse" is not defined'],
    ["POST", "/repos/o/r/pulls", { title: "t", head: "a", base: "b", draft: "yes" }, "body/draft must be boolean"],
    [
      "POST",
      "/repos/o/r/check-runs",
      { name: "n", head_sha: "a", status: "done" },
      "body/status must be equal to one of the allowed values",
    ],
    ["GET", "/repos/o/r/issues/abc", undefined, "parameter/issue_number must be integer"],
    [
      "GET",
      "/repos/o/r/pulls?state=merged",
      undefined,
      'parameter/state must be equal to one of the allowed values ["open","closed","all"]',
    ],
    ["GET", "/repos/o/r/commits/a/check-runs?pag=2", undefined, 'query parameter "pag" is not defined'],
    ["GET", "/search/issues", undefined, "parameter must have required property 'q'"],
    ["DELETE", "/repos/o/r/issues/1/labels/bug", { x: 1 }, "the operation takes no request body"],
    ["POST", "/repos/o/r/nope", { a: 1 }, "no GitHub operation for POST /repos/o/r/nope"],
    ["GET", "/repos/o/r/labels/a/b", undefined, "no GitHub operation for GET /repos/o/r/labels/a/b"], // only {path}, {ref}… take slashes
  ])("rejects %s %s %j", (method, url, body, problem) => {
    expect(checker.checkRequest({ method, url, body }).problems.join("\n")).toContain(problem);
  });

  test("a repeated query parameter: the last value counts, and an undefined one is named once", () => {
    const { problems } = checker.checkRequest({ method: "GET", url: "/repos/o/r/pulls?state=nope&state=open&x=1&x=2" });
    expect(problems).toEqual(['query parameter "x" is not defined']);
  });

  test("a body field of a body schema defined as a component is checked too", () => {
    const url = "/repos/o/r/actions/workflows/ci.yml/dispatches";
    const { problems } = checker.checkRequest({ method: "POST", url, body: { ref: "main", inputz: {} } });
    expect(problems).toContain('body field "inputz" is not defined (GitHub ignores it)');
  });
});

describe("checkRequest on /graphql: the envelope only", () => {
  test.each([
    [{ query: "{ viewer { login } }", variables: {} }, []],
    [{ mutation: "x" }, ["graphql: body must be an object with a `query` string"]],
    [{ query: "{}", variables: [] }, ["graphql: `variables` must be an object"]],
  ])("%j", (body, problems) => {
    expect(checker.checkRequest({ method: "POST", url: "https://api.github.com/graphql", body })).toEqual({ problems });
  });
});

describe("match", () => {
  test("literal segments win over parameters", () => {
    expect(checker.match("GET", "/repos/o/r/issues/comments")?.operationId).toBe("issues/list-comments-for-repo");
    expect(checker.match("GET", "/repos/o/r/issues/7")?.operationId).toBe("issues/get");
  });

  test("decodes path parameters: an encoded ref is one parameter", () => {
    expect(checker.match("PATCH", "/repos/o/r/git/refs/conductor%2Ftasks%2F7")).toEqual({
      operationId: "git/update-ref",
      method: "PATCH",
      template: "/repos/{owner}/{repo}/git/refs/{ref}",
      params: { owner: "o", repo: "r", ref: "conductor/tasks/7" },
    });
  });
});

describe("checkResponse", () => {
  test("needs the index with responses; checks the documented status's schema", async () => {
    expect(checker.checkResponse("issues/get", 200, {})).toEqual([]); // no responses in this index
    const full = await loadOpenApiChecker({ responses: true });
    expect(full.checkResponse("issues/get", 200, { id: "x" }).join("\n")).toContain("response/id must be integer");
    expect(full.checkResponse("issues/get", 299, {})).toEqual(["status 299 is not documented for issues/get"]);
    expect(full.checkResponse("repos/get-content", 302, undefined)).toEqual([]); // no JSON body documented
  });
});

describe("buildOpenApiIndex", () => {
  const spec = {
    paths: {
      "/things/{id}": {
        parameters: [{ $ref: "#/components/parameters/id" }],
        patch: {
          operationId: "things/update",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/thing" } } },
          },
          responses: { "200": { $ref: "#/components/responses/ok" }, "204": { description: "none" } },
        },
      },
    },
    components: {
      parameters: { id: { name: "id", in: "path", required: true, schema: { type: "integer" } } },
      responses: { ok: { content: { "application/json": { schema: { $ref: "#/components/schemas/thing" } } } } },
      schemas: {
        thing: {
          type: "object",
          description: "dropped",
          properties: { description: { type: "string", nullable: true }, kind: { $ref: "#/components/schemas/kind" } },
        },
        kind: { type: "string", enum: ["a", "b"], nullable: true, "x-github": {} },
        unused: { type: "object" },
      },
    },
  };

  test("resolves parameters and responses, converts nullable, keeps only the schemas operations reach", () => {
    const index = buildOpenApiIndex(spec, "1.0.0", { responses: true });
    expect(index.operations).toEqual([
      {
        id: "things/update",
        method: "PATCH",
        path: "/things/{id}",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        body: { required: true, schema: { $ref: "gh:thing" } },
        responses: { "200": { $ref: "gh:thing" }, "204": null },
      },
    ]);
    expect(index.definitions).toEqual({
      thing: {
        type: "object",
        properties: { description: { type: ["string", "null"] }, kind: { $ref: "gh:kind" } },
      },
      kind: { anyOf: [{ type: "string", enum: ["a", "b"] }, { type: "null" }] },
    });
  });

  test("leaves responses out unless asked", () => {
    expect(buildOpenApiIndex(spec, "1.0.0").operations[0]?.responses).toBeUndefined();
  });
});
