import { z } from "zod";
import { remember } from "../reconcile/bounded.js";
import type { AppCaches } from "../reconcile/caches.js";
import { isFailure } from "./http-error.js";

/** What a conditional read remembers per URL: GitHub's ETag and the parsed answer it stands for. */
export type EtagCache = Map<string, { etag: string; value: unknown }>;

/** Per app, beside `AppCaches` (same lifetime): losing an entry costs one full read, never correctness. */
const perApp = new WeakMap<AppCaches, EtagCache>();
const LIMIT = 300;

/** The ETag cache of the app that owns `caches`. */
export function etagCache(caches: AppCaches): EtagCache {
  const known = perApp.get(caches);
  if (known) return known;
  const created: EtagCache = new Map();
  perApp.set(caches, created);
  return created;
}

/** What `read` returns: an Octokit response's data and headers. */
type Answer = { data: unknown; headers: { etag?: string | undefined } };

/**
 * A GET sent with `If-None-Match` when the same URL (`key`) was read before: GitHub answers an unchanged
 * resource with 304, which does not count against the rate limit (DESIGN §7: reads use conditional requests;
 * docs/architecture.md#what-a-task-costs-on-github), and the remembered answer is used. `parse` is the zod
 * parse of the answer; it is applied to the remembered value too, so what comes back is always the parsed type.
 */
export async function readConditionally<T>(
  cache: EtagCache | undefined,
  key: string,
  read: (headers: Record<string, string>) => Promise<Answer>,
  parse: (data: unknown) => T,
): Promise<T> {
  const known = cache?.get(key);
  try {
    const res = await read(known ? { "if-none-match": known.etag } : {});
    const value = parse(res.data);
    const etag = z.string().optional().parse(res.headers.etag);
    if (cache && etag) remember(cache, key, { etag, value }, LIMIT);
    return value;
  } catch (error) {
    if (known && isFailure(error, 304)) return parse(known.value);
    throw error;
  }
}
