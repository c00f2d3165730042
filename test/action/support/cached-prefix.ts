import { createHash } from "node:crypto";

/**
 * How much of each Messages request lies in a prompt-cache prefix that an earlier request wrote,
 * computed from the request bodies as sent. The API caches in the order tools → system → messages,
 * at each breakpoint: every block with `cache_control`, and the end of the prompt when the request
 * has a top-level `cache_control`. A request reads the longest such prefix of an earlier request
 * (within the cache's lifetime, which a test run never outlasts) that it starts with byte for byte.
 * Token counts are estimated as bytes / `bytesPerToken` (default 4).
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
  /** Over requests 2…n: estimated tokens read from an earlier request's cached prefix. */
  cachedTokensAfterFirst: number;
  /** Over requests 2…n: all estimated prompt tokens. */
  inputTokensAfterFirst: number;
  /** cachedTokensAfterFirst / inputTokensAfterFirst. */
  share: number;
  /** Estimated prompt tokens of each request, in order. */
  perRequest: number[];
  /** Estimated tokens each request read from the cache, in order (0 for the first). */
  readPerRequest: number[];
}

interface Piece {
  /** A hash of this piece and every piece before it: equal chains mean equal prefixes. */
  chain: string;
  bytes: number;
  breakpoint: boolean;
}

/** The prompt as the cache sees it: one serialized piece per tool, system block and message. */
function pieces(body: PromptBody): Piece[] {
  const marked = (v: unknown) => typeof v === "object" && v !== null && "cache_control" in v;
  const system = typeof body.system === "string" ? [body.system] : Array.isArray(body.system) ? body.system : [];
  const parts = [
    ...(body.tools ?? []).map((t) => [t, marked(t)] as const),
    ...system.map((s) => [s, marked(s)] as const),
    ...body.messages.map((m) => [m, false] as const),
  ];
  let chain = "";
  const all = parts.map(([value, breakpoint]): Piece => {
    const text = JSON.stringify(value);
    chain = createHash("sha256").update(chain).update(text).digest("hex");
    return { chain, bytes: Buffer.byteLength(text), breakpoint };
  });
  const last = all.at(-1);
  if (body.cache_control && last) last.breakpoint = true;
  return all;
}

/** The cache as a sequence of requests fills it: `add` says how big a request is and how much it reads. */
export function createCacheModel(bytesPerToken = 4) {
  const tokens = (bytes: number) => Math.ceil(bytes / bytesPerToken);
  /** Bytes of every cached prefix written so far, by its chain hash. */
  const written = new Map<string, number>();
  return {
    add(body: PromptBody): { prompt: number; read: number } {
      const current = pieces(body);
      let bytes = 0;
      let read = 0;
      for (const piece of current) {
        bytes += piece.bytes;
        if (written.has(piece.chain)) read = bytes;
      }
      bytes = 0;
      for (const piece of current) {
        bytes += piece.bytes;
        if (piece.breakpoint) written.set(piece.chain, bytes);
      }
      return { prompt: tokens(bytes), read: tokens(read) };
    },
  };
}

/** The cache report of a conversation's request bodies, in the order they were sent. */
export function cachedPrefixShare(bodies: readonly PromptBody[], bytesPerToken = 4): CacheReport {
  const model = createCacheModel(bytesPerToken);
  const perRequest: number[] = [];
  const readPerRequest: number[] = [];
  for (const body of bodies) {
    const { prompt, read } = model.add(body);
    perRequest.push(prompt);
    readPerRequest.push(read);
  }
  const after = (values: number[]) => values.slice(1).reduce((a, b) => a + b, 0);
  const inputAfter = after(perRequest);
  const cachedAfter = after(readPerRequest);
  return {
    requests: bodies.length,
    totalInputTokens: perRequest.reduce((a, b) => a + b, 0),
    cachedTokensAfterFirst: cachedAfter,
    inputTokensAfterFirst: inputAfter,
    share: inputAfter === 0 ? 0 : cachedAfter / inputAfter,
    perRequest,
    readPerRequest,
  };
}
