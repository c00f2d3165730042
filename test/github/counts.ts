import { afterEach, expect } from "vitest";
import type { StrictHttp } from "../helpers/strict-http.js";

/** Requests a scenario sent to GitHub, without the installation token (plumbing). */
export function requestCounts(http: StrictHttp): { total: number; mutating: number; reads: number } {
  const sent = http.requests.filter((r) => !r.path.includes("/access_tokens"));
  const mutating = sent.filter((r) => r.method !== "GET").length;
  return { total: sent.length, mutating, reads: sent.length - mutating };
}

/** With `REQUEST_COUNTS=1`, prints each test's request counts (for the notes); call after `setupStrictHttp`. */
export function printRequestCounts(http: StrictHttp): void {
  afterEach(() => {
    if (!process.env.REQUEST_COUNTS) return;
    const { total, mutating, reads } = requestCounts(http);
    console.log(`[requests] ${expect.getState().currentTestName}: ${total} (${mutating} mutating, ${reads} reads)`);
  });
}
