import { Octokit } from "@octokit/core";
import { describe, expect, test } from "vitest";
import { rateLimitRetry, rateLimitWait } from "../../sandbox/world/rate-limit-retry.js";
import { silent } from "./helpers.js";

const SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

/** A fetch that answers a secondary rate limit `limited` times, then 200. */
function limitedFetch(limited: number): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  const fetch = async () => {
    calls += 1;
    if (calls <= limited) {
      return new Response(JSON.stringify({ message: SECONDARY }), {
        status: 403,
        headers: { "content-type": "application/json", "retry-after": "30" },
      });
    }
    return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { fetch, calls: () => calls };
}

function client(fetch: typeof globalThis.fetch, slept: number[]) {
  const Limited = Octokit.plugin(rateLimitRetry({ sleep: async (ms) => void slept.push(ms), now: () => 0 }));
  return new Limited({ request: { fetch }, log: silent });
}

describe("rateLimitRetry: the world's stand-in for the throttling plugin", () => {
  test("reads the wait: Retry-After for a secondary limit, the reset for a primary one, nothing else", () => {
    const headers = { "retry-after": "30" };
    expect(rateLimitWait({ status: 403, message: SECONDARY, response: { headers } }, 0)).toEqual({
      kind: "secondary",
      seconds: 30,
    });
    const primary = { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "60" };
    expect(
      rateLimitWait({ status: 403, message: "API rate limit exceeded", response: { headers: primary } }, 0),
    ).toEqual({ kind: "primary", seconds: 61 });
    expect(rateLimitWait({ status: 403, message: "Resource not accessible by integration" }, 0)).toBeNull();
    expect(rateLimitWait({ status: 502, message: SECONDARY }, 0)).toBeNull();
  });

  test("retries a secondary limit after Retry-After on the injected sleep, at most twice", async () => {
    const slept: number[] = [];
    const twice = limitedFetch(2);
    const { data } = await client(twice.fetch, slept).request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(data).toEqual({ ok: true });
    expect(slept).toEqual([30_000, 30_000]);

    const thrice = limitedFetch(3);
    const status = await client(thrice.fetch, [])
      .request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })
      .catch((error: { status: number }) => error.status);
    expect(status).toBe(403);
    expect(thrice.calls()).toBe(3);
  });
});
