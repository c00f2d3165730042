/**
 * How much of each Messages request lies in a prompt-cache prefix that the previous request wrote,
 * computed from the request bodies as sent. The API caches in the order tools → system → messages,
 * up to a breakpoint: the last block with `cache_control`, or the end of the prompt when the request
 * has a top-level `cache_control`. A request reads that prefix only if it starts with the very same
 * bytes. Token counts are estimated as bytes / 4.
 */

/** The prompt-relevant parts of a request body. */
export interface PromptBody {
  tools?: unknown[];
  system?: unknown;
  messages: unknown[];
  cache_control?: unknown;
}

export interface CacheReport {
  requests: number;
  /** Estimated prompt tokens over all requests (cached or not). */
  totalInputTokens: number;
  /** Over requests 2…n: estimated tokens read from the previous request's cached prefix. */
  cachedTokensAfterFirst: number;
  /** Over requests 2…n: all estimated prompt tokens. */
  inputTokensAfterFirst: number;
  /** cachedTokensAfterFirst / inputTokensAfterFirst. */
  share: number;
}

const tokens = (bytes: number) => Math.ceil(bytes / 4);

/** The prompt as the cache sees it: one serialized piece per tool, system block and message. */
function pieces(body: PromptBody): { text: string; breakpoint: boolean }[] {
  const marked = (v: unknown) => typeof v === "object" && v !== null && "cache_control" in v;
  const system = typeof body.system === "string" ? [body.system] : Array.isArray(body.system) ? body.system : [];
  return [
    ...(body.tools ?? []).map((t) => ({ text: JSON.stringify(t), breakpoint: marked(t) })),
    ...system.map((s) => ({ text: JSON.stringify(s), breakpoint: marked(s) })),
    ...body.messages.map((m) => ({ text: JSON.stringify(m), breakpoint: false })),
  ];
}

/** Bytes of `body`'s prompt up to its last cache breakpoint (the whole prompt with top-level caching). */
function cachedBytes(body: PromptBody): { count: number; bytes: number } {
  const all = pieces(body);
  const end = body.cache_control ? all.length : all.map((p) => p.breakpoint).lastIndexOf(true) + 1;
  return { count: end, bytes: all.slice(0, end).reduce((n, p) => n + Buffer.byteLength(p.text), 0) };
}

/** The cache report of a conversation's request bodies, in the order they were sent. */
export function cachedPrefixShare(bodies: readonly PromptBody[]): CacheReport {
  let total = 0;
  let cachedAfter = 0;
  let inputAfter = 0;
  for (const [i, body] of bodies.entries()) {
    const current = pieces(body);
    const size = tokens(current.reduce((n, p) => n + Buffer.byteLength(p.text), 0));
    total += size;
    const previous = bodies[i - 1];
    if (!previous) continue;
    inputAfter += size;
    const written = cachedBytes(previous);
    const before = pieces(previous).slice(0, written.count);
    const identical = before.every((piece, k) => current[k]?.text === piece.text);
    if (identical) cachedAfter += tokens(written.bytes);
  }
  return {
    requests: bodies.length,
    totalInputTokens: total,
    cachedTokensAfterFirst: cachedAfter,
    inputTokensAfterFirst: inputAfter,
    share: inputAfter === 0 ? 0 : cachedAfter / inputAfter,
  };
}
