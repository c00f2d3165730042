import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { CLEARED } from "../../action/src/context-window.js";
import { cachedPrefixShare } from "./support/cached-prefix.js";
import type { MessagesRequest } from "./support/fake-messages-api.js";
import { readHeavyScript, runScripted, writeBigFiles } from "./support/read-heavy.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";

let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.cleanup());

const WINDOW = 200_000;

describe("a 100-turn read-heavy attempt (real SDK, streaming, over HTTP)", () => {
  test("no request passes the context window, and the cached prefix survives every clearing", async () => {
    const files = writeBigFiles(repo, 30, 700);
    const { outcome, api, transcript } = await runScripted(repo, readHeavyScript(files, 100), {
      turns: 100,
      window: WINDOW,
    });
    try {
      expect(api.problems).toEqual([]);
      expect(outcome).toMatchObject({ stop: "finished", report: { items: [{ id: "work", status: "FIXED" }] } });
      const seen = api.messages.seen;
      expect(seen).toHaveLength(100);
      // Every request was accepted, streamed, and fits with room for the whole reply.
      for (const request of seen) {
        expect(request.status).toBe(200);
        expect(request.body.stream).toBe(true);
        expect(request.body.max_tokens).toBeGreaterThanOrEqual(32_000);
        expect(request.promptTokens + (request.body.max_tokens ?? 0)).toBeLessThanOrEqual(WINDOW);
      }
      // Without clearing, the reads alone would pass the window several times over.
      const read = transcript.events.filter((e) => e.type === "tool" && e.name === "read_file");
      const readTokens = read.reduce((n, e) => n + (e.type === "tool" ? e.output.length : 0), 0) / 3;
      expect(readTokens).toBeGreaterThan(3 * WINDOW);
      const bodies = seen.map((s) => s.body);
      const last = bodies.at(-1) as MessagesRequest;
      expect(JSON.stringify(last.messages)).toContain(CLEARED);
      // The prefix (tools, system, the brief) is byte-identical on every request.
      const prefix = (b: MessagesRequest) => JSON.stringify([b.tools, b.system, b.messages[0]]);
      for (const body of bodies) expect(prefix(body)).toBe(prefix(bodies[0] as MessagesRequest));
      // Clearing is rare and in batches, so most of what is sent is read from the cache.
      const clearings = transcript.events.filter((e) => e.type === "request" && e.cleared_tool_results > 0);
      expect(clearings.length).toBeGreaterThan(0);
      expect(clearings.length).toBeLessThan(20);
      expect(cachedPrefixShare(bodies, 3).share).toBeGreaterThan(0.8);
      // The last allowed turn forces finish.
      expect(last.tool_choice).toEqual({ type: "tool", name: "finish" });
      expect(bodies[98]?.tool_choice).toBeUndefined();
    } finally {
      await api.close();
    }
  }, 120_000);
});
