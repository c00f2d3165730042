import { cachedPrefixShare, type PromptBody } from "./cached-prefix.js";

/**
 * A `fetch` for the Anthropic client that answers each Messages request with the next scripted reply
 * and records the body as sent. Its usage figures follow the cache model of cached-prefix.ts, so the
 * executor's own accounting sees realistic cache reads and writes.
 */
export function scriptedFetch(replies: readonly Record<string, unknown>[]) {
  const bodies: PromptBody[] = [];
  let next = 0;
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(typeof init?.body === "string" ? init.body : "{}") as PromptBody;
    bodies.push(body);
    const reply = replies[next++];
    if (!reply) {
      const error = { type: "error", error: { type: "invalid_request_error", message: "script exhausted" } };
      return new Response(JSON.stringify(error), { status: 400, headers: { "content-type": "application/json" } });
    }
    const all = cachedPrefixShare(bodies);
    const before = cachedPrefixShare(bodies.slice(0, -1));
    const prompt = all.totalInputTokens - before.totalInputTokens;
    const read = all.cachedTokensAfterFirst - before.cachedTokensAfterFirst;
    const usage = {
      input_tokens: 0,
      output_tokens: 120,
      cache_creation_input_tokens: prompt - read,
      cache_read_input_tokens: read,
    };
    return new Response(JSON.stringify({ ...reply, usage }), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, bodies };
}
