import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, harness, statusOf } from "./helpers.js";

describe("sandbox: HTTP contract (conditional requests, validation, pagination, faults, accounting)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  test("a repeated GET with the ETag is answered 304, counted apart and free of rate limit", async () => {
    const { data: issue } = await h.owner.rest.issues.create({ ...h.repo, title: "Spec" });
    await h.app.rest.issues.createComment({ ...h.repo, issue_number: issue.number, body: "dashboard" });
    h.sandbox.resetCalls();
    const first = await h.app.rest.issues.listComments({ ...h.repo, issue_number: issue.number });
    const etag = first.headers.etag ?? "";
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const remaining = Number(first.headers["x-ratelimit-remaining"]);
    const again = h.app.rest.issues.listComments({
      ...h.repo,
      issue_number: issue.number,
      headers: { "if-none-match": etag },
    });
    await expect(again).rejects.toMatchObject({ status: 304 });
    await h.app.rest.issues.createComment({ ...h.repo, issue_number: issue.number, body: "second" });
    const changed = await h.app.rest.issues.listComments({
      ...h.repo,
      issue_number: issue.number,
      headers: { "if-none-match": etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.data).toHaveLength(2);
    expect(Number(changed.headers["x-ratelimit-remaining"])).toBe(remaining - 2);
    const calls = h.sandbox.calls();
    expect(calls).toMatchObject({ total: 4, reads: 2, mutating: 1, notModified: 1 });
    expect(calls.byRoute["GET /repos/{owner}/{repo}/issues/{issue_number}/comments"]).toMatchObject({
      calls: 2,
      notModified: 1,
      mutating: false,
    });
    expect(calls.byRoute["POST /repos/{owner}/{repo}/issues/{issue_number}/comments"]).toMatchObject({
      calls: 1,
      mutating: true,
    });
  });

  test("an invalid request body is 422 and recorded as a contract violation", async () => {
    const { data: issue } = await h.owner.rest.issues.create({ ...h.repo, title: "Spec" });
    // Raw requests: the typed client would not let these through.
    const send = (method: string, path: string, body?: unknown) =>
      h.sandbox.fetch(`https://api.github.com/repos/${h.repo.owner}/${h.repo.repo}${path}`, {
        method,
        headers: { authorization: `token ${h.sandbox.installationToken()}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const bad = send("POST", `/issues/${issue.number}/labels`, { labels: "not-an-array-or-object" });
    const badReaction = send("POST", "/issues/comments/5/reactions", { content: "thumbs" });
    expect((await bad).status).toBe(422);
    expect((await badReaction).status).toBe(422);
    const violations = h.sandbox.violations();
    expect(violations.map((v) => v.operationId)).toEqual(["issues/add-labels", "reactions/create-for-issue-comment"]);
    expect(violations[1]?.problems.join()).toMatch(/body\/content must be equal to one of the allowed values/);
    expect(h.sandbox.webhooks.all().filter((d) => d.payload.action === "labeled")).toHaveLength(0);
    expect((await send("GET", "/pulls?state=merged")).status).toBe(422);
    expect(h.sandbox.violations()).toHaveLength(3);
  });

  test("lists paginate with Link headers that Octokit follows", async () => {
    const { data: issue } = await h.owner.rest.issues.create({ ...h.repo, title: "Spec" });
    for (let i = 0; i < 7; i++)
      await h.app.rest.issues.createComment({ ...h.repo, issue_number: issue.number, body: `c${i}` });
    const page = await h.app.rest.issues.listComments({ ...h.repo, issue_number: issue.number, per_page: 3 });
    expect(page.headers.link).toContain('rel="next"');
    expect(page.headers.link).toContain('rel="last"');
    const all = await h.app.paginate(h.app.rest.issues.listComments, {
      ...h.repo,
      issue_number: issue.number,
      per_page: 3,
    });
    expect(all.map((c) => c.body)).toEqual(["c0", "c1", "c2", "c3", "c4", "c5", "c6"]);
  });

  test("injected faults: one-off 502, secondary rate limit with Retry-After, write-then-fail, seeded random", async () => {
    const { data: issue } = await h.owner.rest.issues.create({ ...h.repo, title: "Spec" });
    h.sandbox.faults.failNext({ kind: "502" });
    expect(await statusOf(h.app.rest.issues.get({ ...h.repo, issue_number: issue.number }))).toBe(502);
    h.sandbox.faults.failNext({ kind: "secondary-rate-limit", retryAfter: 7 });
    const limited = h.app.rest.issues.get({ ...h.repo, issue_number: issue.number });
    await expect(limited).rejects.toMatchObject({
      status: 403,
      response: { headers: { "retry-after": "7" } },
      message: expect.stringMatching(/secondary rate limit/),
    });
    h.sandbox.faults.failNext({ kind: "502", after: true, match: (method) => method === "POST" });
    expect(await statusOf(h.app.rest.issues.createComment({ ...h.repo, issue_number: issue.number, body: "x" }))).toBe(
      502,
    );
    const { data: comments } = await h.app.rest.issues.listComments({ ...h.repo, issue_number: issue.number });
    expect(comments).toHaveLength(1); // the write happened although the client saw a 502
    const run = async (seed: number) => {
      h.sandbox.faults.setRandom({ rate: 0.3, seed });
      const statuses = [];
      for (let i = 0; i < 20; i++)
        statuses.push(await statusOf(h.app.rest.issues.get({ ...h.repo, issue_number: issue.number })));
      h.sandbox.faults.setRandom(undefined);
      return statuses.join();
    };
    const a = await run(42);
    expect(a).toMatch(/502|403/);
    expect(await run(42)).toBe(a);
    expect(h.sandbox.calls().faults).toBeGreaterThan(3);
  });

  test("unknown repositories, bad tokens and app JWT routes answer like GitHub", async () => {
    expect(await statusOf(h.app.rest.repos.get({ owner: "someone", repo: "else" }))).toBe(404);
    const res = await h.sandbox.fetch(`https://api.github.com/repos/${h.repo.owner}/${h.repo.repo}`, {
      headers: { authorization: "token nope" },
    });
    expect(res.status).toBe(401);
    const { data: repo } = await h.app.rest.repos.get(h.repo);
    expect(repo.default_branch).toBe("main");
    expect(await statusOf(h.app.rest.apps.getRepoInstallation(h.repo))).toBe(401); // needs the app's JWT
  });
});

describe("sandbox: secondary content-creation limits", () => {
  test("the 4th comment within a minute is a secondary rate limit with Retry-After", async () => {
    let now = Date.UTC(2025, 0, 1);
    const h = await harness({ clock: () => now, contentLimits: { perMinute: 3 } });
    try {
      const { data: issue } = await h.owner.rest.issues.create({ ...h.repo, title: "t" });
      now += 61_000;
      for (let i = 0; i < 3; i++)
        await h.app.rest.issues.createComment({ ...h.repo, issue_number: issue.number, body: `${i}` });
      const fourth = h.app.rest.issues.createComment({ ...h.repo, issue_number: issue.number, body: "3" });
      await expect(fourth).rejects.toMatchObject({ status: 403, response: { headers: { "retry-after": "60" } } });
      await h.app.rest.issues.get({ ...h.repo, issue_number: issue.number }); // reads are not limited
      now += 60_000;
      await h.app.rest.issues.createComment({ ...h.repo, issue_number: issue.number, body: "later" });
    } finally {
      await h.sandbox.close();
    }
  });
});
