import type { z } from "zod";

/** The hidden markers Conductor puts in PR bodies and comments. */
export type MarkerKind =
  | "brief"
  | "result"
  | "reverify"
  | "dashboard"
  | "escalation"
  | "command"
  | "unreadable"
  | "review";

const pattern = (kind: MarkerKind) => new RegExp(`<!--\\s*conductor:${kind}\\s+([A-Za-z0-9+/=]*)\\s*-->`);

/** `<!-- conductor:<kind> <base64 of JSON> -->`; base64 keeps `-->` and newlines out of the comment. */
export function encodeMarker(kind: MarkerKind, value: unknown): string {
  const json = JSON.stringify(value);
  return `<!-- conductor:${kind} ${Buffer.from(json, "utf8").toString("base64")} -->`;
}

/** A bare marker with no payload, for things found by marker alone (the dashboard comment). */
export function bareMarker(kind: MarkerKind): string {
  return `<!-- conductor:${kind} -->`;
}

export type MarkerRead<T> =
  | { ok: true; value: T }
  | { ok: false; reason: "missing" | "not_json" | "invalid"; message: string };

/** Finds the first marker of `kind` in `body` and parses it with `schema`. */
export function decodeMarker<T>(kind: MarkerKind, body: string, schema: z.ZodType<T>): MarkerRead<T> {
  const match = pattern(kind).exec(body);
  if (!match?.[1]) return { ok: false, reason: "missing", message: `no conductor:${kind} marker` };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(match[1], "base64").toString("utf8"));
  } catch {
    return { ok: false, reason: "not_json", message: `conductor:${kind} marker is not base64 JSON` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      reason: "invalid",
      message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    };
  }
  return { ok: true, value: parsed.data };
}

/** True when `body` carries a marker of `kind` (used to find the dashboard and to strip markers). */
export function hasMarker(kind: MarkerKind, body: string): boolean {
  return new RegExp(`<!--\\s*conductor:${kind}\\b`).test(body);
}
