import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { CUT_OFF, LAST_TURN } from "../../action/src/agent-turns.js";
import type { MessagesRequest } from "./support/fake-messages-api.js";
import { runScripted } from "./support/read-heavy.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";
import { finishFixed, reply, toolCall, toolUse } from "./support/transcript.js";

let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.cleanup());

type Message = { role: string; content: string | { type: string; text?: string; signature?: string }[] };
const messagesOf = (body: MessagesRequest | undefined) => (body?.messages ?? []) as Message[];

describe("turns the agent loop shapes itself (real SDK, streaming, over HTTP)", () => {
  test("a reply cut off at max_tokens mid tool call: the call is not run and the conversation stays valid", async () => {
    const cut = reply(
      [
        { type: "text", text: "Writing the generated table." },
        toolUse("write_file", { path: "src/table.js", content: "export const t = [\n".repeat(400) }),
      ],
      "max_tokens",
    );
    const { outcome, api } = await runScripted(repo, [cut, finishFixed()], { turns: 10 });
    try {
      // The fake refuses a tool_use without its tool_result, as the API does: nothing was refused.
      expect(api.problems).toEqual([]);
      expect(outcome).toMatchObject({ stop: "finished" });
      expect(existsSync(path.join(repo.workspace, "src/table.js"))).toBe(false);
      const second = messagesOf(api.messages.seen[1]?.body);
      expect(second.slice(1)).toEqual([
        { role: "assistant", content: [{ type: "text", text: "Writing the generated table." }] },
        { role: "user", content: CUT_OFF },
      ]);
    } finally {
      await api.close();
    }
  });

  test("with thinking, requests carry it, thinking blocks go back as sent, and the last turn asks for finish", async () => {
    const think = (n: number) => ({ type: "thinking", thinking: `step ${n}: `.repeat(30), signature: `sig-${n}` });
    const replies = [
      reply([think(1), toolUse("read_file", { path: "src/greet.js" })], "tool_use"),
      reply([think(2), toolUse("list_files", {})], "tool_use"),
      finishFixed(),
    ];
    const { outcome, api } = await runScripted(repo, replies, { turns: 3, thinking: 8000 });
    try {
      expect(api.problems).toEqual([]);
      expect(outcome).toMatchObject({ stop: "finished" });
      const bodies = api.messages.seen.map((s) => s.body);
      for (const body of bodies) {
        expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 8000 });
        expect(body.max_tokens).toBeGreaterThan(8000 + 16_000 - 1);
        expect(body.max_tokens).toBeGreaterThanOrEqual(32_000);
      }
      const assistant = messagesOf(bodies[1]).find((m) => m.role === "assistant");
      expect(Array.isArray(assistant?.content) && assistant.content[0]).toMatchObject({
        type: "thinking",
        signature: "sig-1",
      });
      // The API refuses forced tool use with thinking, so the last turn asks in words instead.
      expect(bodies[2]?.tool_choice).toBeUndefined();
      const last = messagesOf(bodies[2]).at(-1);
      expect(Array.isArray(last?.content) && last.content.at(-1)).toEqual({ type: "text", text: LAST_TURN });
    } finally {
      await api.close();
    }
  });

  test("without thinking, the last allowed turn forces finish through tool_choice", async () => {
    const replies = [toolCall("list_files", {}), finishFixed()];
    const { outcome, api } = await runScripted(repo, replies, { turns: 2 });
    try {
      expect(outcome).toMatchObject({ stop: "finished" });
      const bodies = api.messages.seen.map((s) => s.body);
      expect(bodies[0]?.thinking).toBeUndefined();
      expect(bodies[0]?.tool_choice).toBeUndefined();
      expect(bodies[1]?.tool_choice).toEqual({ type: "tool", name: "finish" });
    } finally {
      await api.close();
    }
  });
});
