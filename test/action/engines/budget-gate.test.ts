import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createBudgetMeter } from "../../../action/src/budget-meter.js";
import { budgetGate } from "../../../action/src/engines/budget-gate.js";
import { type KeyProxy, startKeyProxy } from "../../../action/src/engines/key-proxy.js";
import { priceOf } from "../../../action/src/prices.js";
import { type ResponsesFake, startResponsesFake } from "../support/fake-responses-api.js";

// The key proxy as the codex engine's budget (docs/executor.md#budgets-of-a-cli-engine): it reads each
// streamed Responses API reply's usage into the attempt's meter and refuses the first request past a
// limit with an API error, never forwarding it. (The real Codex against it: bundle-codex.test.ts.)

let api: ResponsesFake | undefined;
let proxy: KeyProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await api?.close();
});

function meterWith(limits: { turns: number; usd: number }) {
  const far = Date.now() + 600_000;
  return createBudgetMeter(
    { ...limits, tokens: 1_000_000_000, budgetEndsAt: far, timeoutAt: far },
    priceOf("gpt-5-codex").price,
  );
}

const ask = (url: string) =>
  fetch(`${url}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer conductor-holds-the-key" },
    body: JSON.stringify({ model: "gpt-5-codex", stream: true, input: [{ role: "user", content: "go" }] }),
  });

describe("the key proxy's budget gate", () => {
  it("counts each streamed reply's usage and refuses the request after the USD budget is spent", async () => {
    api = await startResponsesFake([
      { type: "message", text: "one" },
      { type: "message", text: "two" },
    ]);
    const meter = meterWith({ turns: 10, usd: 0.0001 });
    const gate = budgetGate(meter, () => Date.now());
    proxy = await startKeyProxy(api.url, "sk-test-0000", "authorization-bearer", gate);

    const first = await ask(proxy.url);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("event: response.completed");
    expect(meter.turns).toBe(1);
    // The fake's usage: a third of the request's bytes as input tokens.
    expect(meter.usage().input_tokens).toBe(Math.ceil(JSON.stringify(api.seen[0]).length / 3));
    expect(meter.usage().usd).toBeGreaterThan(0.0001);

    const second = await ask(proxy.url);
    expect(second.status).toBe(400);
    const error = ((await second.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("budget_exhausted");
    expect(error.message).toMatch(/budget is exhausted \(USD 0\.\d+\/0\.0001\)/);
    expect(api.seen.length).toBe(1);
    expect(gate.refused?.reason).toBe("budget");
  });

  it("forwards exactly the turn budget's number of requests", async () => {
    api = await startResponsesFake([
      { type: "message", text: "one" },
      { type: "message", text: "two" },
      { type: "message", text: "three" },
    ]);
    const meter = meterWith({ turns: 2, usd: 5 });
    const gate = budgetGate(meter, () => Date.now());
    proxy = await startKeyProxy(api.url, "sk-test-0000", "authorization-bearer", gate);

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await ask(proxy.url);
      await answer.text();
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([200, 200, 400]);
    expect(api.seen.length).toBe(2);
    expect(gate.refused).toEqual({ reason: "budget", detail: "turns 2/2" });
  });

  it("a provider that reports no usage is still bounded by the turn budget", async () => {
    // A self-hosted OpenAI-compatible server whose stream ends without a usage block.
    let requests = 0;
    const server = createServer((req, res) => {
      requests += 1;
      req.resume();
      const done = { type: "response.completed", response: { id: "r", status: "completed", output: [] } };
      res.writeHead(200, { "content-type": "text/event-stream" }).end(`data: ${JSON.stringify(done)}\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const meter = meterWith({ turns: 1, usd: 5 });
    const gate = budgetGate(meter, () => Date.now());
    proxy = await startKeyProxy(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      "sk-test-0000",
      "authorization-bearer",
      gate,
    );
    try {
      expect((await ask(proxy.url).then(async (r) => [r.status, await r.text()]))[0]).toBe(200);
      expect((await ask(proxy.url)).status).toBe(400);
      expect(requests).toBe(1);
      expect(meter.usage().input_tokens).toBe(0);
      expect(gate.refused?.detail).toBe("turns 1/1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
