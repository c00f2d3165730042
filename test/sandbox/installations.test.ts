import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { cleanRun, type Harness, harness, silent } from "./helpers.js";

/** A JWT-shaped token naming the app as its issuer: the sandbox reads `iss` and trusts its own process. */
const fakeJwt = (appId: number) =>
  ["e30", Buffer.from(JSON.stringify({ iss: String(appId) })).toString("base64url"), "sig"].join(".");

describe("sandbox: what a restarted app rebuilds its tasks from", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  test("GET /app/installations (the app's JWT) lists the installation; its token lists the repository", async () => {
    const app = new Octokit({ auth: fakeJwt(h.sandbox.app.id), request: { fetch: h.sandbox.fetch }, log: silent });
    const { data: installations } = await app.request("GET /app/installations", { per_page: 100 });
    expect(installations.map((i) => [i.id, i.app_slug, i.account?.login])).toEqual([
      [h.sandbox.installationId, h.sandbox.app.slug, h.sandbox.owner],
    ]);
    const { data } = await h.app.request("GET /installation/repositories", { per_page: 100 });
    expect(data.total_count).toBe(1);
    expect(data.repositories.map((r) => r.full_name)).toEqual([`${h.sandbox.owner}/${h.sandbox.repo}`]);
    const refused = await h.app.request("GET /app/installations").catch((e: { status: number }) => e.status);
    expect(refused).toBe(401); // an installation token is no JWT
    expect(cleanRun(h.sandbox)).toEqual({ violations: [], responses: [], errors: [] });
  });
});
