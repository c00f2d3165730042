import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createStrictHttp, type StrictHttp, setupStrictHttp } from "./strict-http.js";

const octokit = () => new Octokit({ auth: "test-token", retry: { enabled: false } });

describe("createStrictHttp (verified by hand, to see it fail)", () => {
  let http: StrictHttp;
  beforeEach(() => {
    http = createStrictHttp();
    http.start();
  });
  afterEach(() => http.stop());

  test("a declared and made request verifies, and is recorded", async () => {
    http.github().post("/repos/o/r/issues/1/comments").reply(201, { id: 1 });
    await octokit().rest.issues.createComment({ owner: "o", repo: "r", issue_number: 1, body: "hi" });
    await expect(http.verify()).resolves.toBeUndefined();
    expect(http.requests).toHaveLength(1);
    const [req] = http.requests;
    expect(req).toMatchObject({
      method: "POST",
      origin: "https://api.github.com",
      path: "/repos/o/r/issues/1/comments",
      body: { body: "hi" },
      matched: true,
    });
    expect(req?.headers.authorization).toBe("token test-token");
    expect(http.find("post", "/repos/o/r/issues/1/comments")).toHaveLength(1);
  });

  test("an unmatched request to a mocked host fails verification", async () => {
    http.github().get("/repos/o/r").reply(200, {});
    await octokit().rest.repos.get({ owner: "o", repo: "r" });
    await expect(octokit().rest.issues.get({ owner: "o", repo: "r", issue_number: 2 })).rejects.toThrow();
    await expect(http.verify()).rejects.toThrow(
      /unmatched request: GET https:\/\/api.github.com\/repos\/o\/r\/issues\/2/,
    );
  });

  test("a request to a host with no mocks at all is refused and fails verification", async () => {
    await expect(fetch("https://example.com/x", { method: "POST", body: "payload" })).rejects.toThrow();
    await expect(http.verify()).rejects.toThrow(/unmatched request: POST https:\/\/example.com\/x with body payload/);
  });

  test("an unused mock fails verification", async () => {
    http.github().get("/repos/o/r").reply(200, {});
    await expect(http.verify()).rejects.toThrow(
      /declared but never requested: GET https:\/\/api.github.com:443\/repos\/o\/r/,
    );
  });

  test("a body GitHub would reject fails verification even though the mock answered", async () => {
    http.github().post("/repos/o/r/issues/1/comments").reply(201, { id: 1 });
    await fetch("https://api.github.com/repos/o/r/issues/1/comments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ bodyy: "x" }),
    });
    await expect(http.verify()).rejects.toThrow(/issues\/create-comment: body must have required property 'body'/);
  });

  test("the Anthropic API can be mocked too, and is not checked against GitHub's description", async () => {
    http.anthropic().post("/v1/messages").reply(200, { id: "msg_1" });
    const res = await fetch("https://api.anthropic.com/v1/messages", { method: "POST", body: '{"model":"m"}' });
    expect(await res.json()).toEqual({ id: "msg_1" });
    await expect(http.verify()).resolves.toBeUndefined();
    expect(http.requests[0]?.body).toEqual({ model: "m" });
  });

  test("loopback stays reachable (local servers in tests)", async () => {
    const server = createServer((_req, res) => res.end("local"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("local");
      await expect(http.verify()).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });
});

describe("setupStrictHttp (the form test files use)", () => {
  const http = setupStrictHttp();

  test("declares, serves and checks GraphQL too", async () => {
    http
      .github()
      .post("/graphql")
      .reply(200, { data: { viewer: { login: "me" } } });
    const data = await octokit().graphql<{ viewer: { login: string } }>("query { viewer { login } }");
    expect(data.viewer.login).toBe("me");
  });

  test("paths with encoded parameters are matched as Octokit sends them", async () => {
    http.github().patch("/repos/o/r/git/refs/conductor%2Ftasks%2F3", { sha: "abc", force: false }).reply(200, {});
    await octokit().rest.git.updateRef({ owner: "o", repo: "r", ref: "conductor/tasks/3", sha: "abc", force: false });
  });
});
