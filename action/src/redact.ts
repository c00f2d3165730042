import { SECRET_SHAPES } from "../../src/verify/secret-shapes.js";

/** Replaces every secret in a text with `***`. */
export type Redact = (text: string) => string;

const MASK = "***";

// The credential shapes `conductor/verify` also looks for (one list), then how credentials travel:
// a whole PEM block, whatever follows an auth header or scheme, `x-access-token:` and the password
// in a `scheme://user:password@host` URL.
const SHAPES: readonly RegExp[] = SECRET_SHAPES.map((shape) => new RegExp(shape.pattern.source, "g"));
// Group 1, when there is one, is kept: it says what was masked (`Authorization: Bearer ***`).
const CONTEXTS: readonly RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  /(\b(?:authorization|x-api-key)\s*[:=]\s*(?:(?:bearer|basic|token)\s+)?)[^\s"'`]+/gi,
  /(x-access-token:)[^@\s"'`]+/g,
  /(:\/\/[^/\s:@"'`]+:)[^/\s@"'`]+(?=@)/g,
];

/** Names of environment variables that hold credentials (and so never reach a model-run command). */
export const SECRET_NAME =
  /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|COOKIE|SESSION|(^|_)(AUTH|KEY)($|_)/i;

/**
 * A redactor for the given secret values and the encodings a command or a transport puts them in:
 * as is, reversed, URL-encoded, hex (either case), base64 at each of the three alignments a secret
 * can have inside a longer encoded text (with or without the line breaks `base64` inserts), and the
 * git auth header; plus the credential shapes above. Values shorter than 6 characters are ignored:
 * masking "true" everywhere would hide more than it protects. Other transforms (rot13, xor, a
 * character at a time) are not caught: the sandbox keeps the secrets out of reach instead
 * (docs/security.md).
 */
export function createRedactor(secrets: Iterable<string>): Redact {
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    const bytes = Buffer.from(secret, "utf8");
    for (const form of [
      secret,
      [...secret].reverse().join(""),
      encodeURIComponent(secret),
      bytes.toString("hex"),
      bytes.toString("hex").toUpperCase(),
      bytes.toString("base64"),
      Buffer.from(`x-access-token:${secret}`, "utf8").toString("base64"),
      ...base64Alignments(bytes),
    ]) {
      literals.add(form);
      literals.add([...form].reverse().join(""));
    }
  }
  // Longest first, so a secret that contains another is masked whole; line breaks may split a form.
  const ordered = [...literals].sort((a, b) => b.length - a.length).map(wrappable);
  return (text) => {
    let out = text;
    for (const literal of ordered) out = out.replace(literal, MASK);
    for (const pattern of SHAPES) out = out.replace(pattern, MASK);
    for (const pattern of CONTEXTS) {
      out = out.replace(pattern, (_match, prefix: unknown) => (typeof prefix === "string" ? prefix : "") + MASK);
    }
    return out;
  };
}

/**
 * The base64 characters that depend only on the secret's bytes, for each offset (mod 3) the secret
 * can start at inside a longer input: `cat /proc/x/environ | base64` encodes it at any of them.
 */
function base64Alignments(bytes: Buffer): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6);
    const inner = encoded.slice(first, last);
    if (inner.length >= 8) forms.push(inner);
  }
  return forms;
}

/** A global regex for `literal` that also matches it with line breaks between its characters. */
function wrappable(literal: string): RegExp {
  const escaped = [...literal].map((ch) => ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  return new RegExp(escaped.join("(?:\\r?\\n)?"), "g");
}

/** The values of every environment variable whose name marks it as a credential. */
export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env).flatMap(([name, value]) => (value && SECRET_NAME.test(name) ? [value] : []));
}

/** Whether a value has the shape of a credential, whatever its variable is called. */
export function looksLikeSecret(value: string): boolean {
  return [...SHAPES, ...CONTEXTS].some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(value);
  });
}

/** `value` with `redact` applied to every string in it. */
export function redactStrings<T>(value: T, redact: Redact): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
