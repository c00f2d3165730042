/** Rate-limit retries are bounded: a secondary rate limit is retried after Retry-After, then given up. */
import { expect, test } from "vitest";
import { RATE_LIMIT_RETRIES, withBoundedRetries } from "../../src/github/octokit/bounded-octokit.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { R } from "./harness.js";

const http = setupStrictHttp();

test("a secondary rate limit: retried twice after Retry-After, logged each time, then the request fails", async () => {
  const Octokit = withBoundedRetries();
  const warnings: string[] = [];
  const log = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} };
  // `retryAfterBaseValue: 1`: a Retry-After of 1 waits 1 ms instead of a second, so the test stays fast.
  const octokit = new Octokit({ auth: "ghs_test", log, throttle: { retryAfterBaseValue: 1 } });
  http
    .github()
    .get(`${R}/issues/7`)
    .times(RATE_LIMIT_RETRIES + 1)
    .reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" });
  await expect(
    octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: "Codertocat",
      repo: "Hello-World",
      issue_number: 7,
    }),
  ).rejects.toMatchObject({ status: 403 });
  expect(http.find("GET", `${R}/issues/7`)).toHaveLength(RATE_LIMIT_RETRIES + 1);
  expect(warnings.filter((w) => w.startsWith("secondary rate limit"))).toEqual([
    `secondary rate limit on GET /repos/{owner}/{repo}/issues/{issue_number}: retry 1 of 2 after 1s`,
    `secondary rate limit on GET /repos/{owner}/{repo}/issues/{issue_number}: retry 2 of 2 after 1s`,
    `secondary rate limit on GET /repos/{owner}/{repo}/issues/{issue_number}: given up after 2 retries`,
  ]);
});
