/** Replaces every secret in a text with `***`. */
export type Redact = (text: string) => string;

const MASK = "***";

// Shapes of credentials worth hiding even when nobody told us their value: GitHub tokens, Anthropic
// keys, AWS key ids, Slack tokens, PEM private keys, whatever follows an auth header or scheme, and the
// password in a `scheme://user:password@host` URL.
const PATTERNS: readonly RegExp[] = [
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bsk-ant-[A-Za-z0-9_-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /(\b(?:authorization|x-api-key)\s*[:=]\s*(?:(?:bearer|basic|token)\s+)?)[^\s"'`]+/gi,
  /(x-access-token:)[^@\s"'`]+/g,
  /(:\/\/[^/\s:@"'`]+:)[^/\s@"'`]+(?=@)/g,
];

/** Names of environment variables that hold credentials (and so never reach a model-run command). */
export const SECRET_NAME =
  /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|COOKIE|SESSION|(^|_)(AUTH|KEY)($|_)/i;

/**
 * A redactor for the given secret values (and the encodings git and HTTP put them in) plus the
 * credential shapes above. Values shorter than 6 characters are ignored: masking "true" everywhere
 * would hide more than it protects.
 */
export function createRedactor(secrets: Iterable<string>): Redact {
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    literals.add(secret);
    literals.add(Buffer.from(secret, "utf8").toString("base64"));
    literals.add(Buffer.from(`x-access-token:${secret}`, "utf8").toString("base64"));
    literals.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...literals].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const literal of ordered) out = out.split(literal).join(MASK);
    for (const pattern of PATTERNS) {
      out = out.replace(pattern, (_match, prefix: unknown) => (typeof prefix === "string" ? prefix : "") + MASK);
    }
    return out;
  };
}

/** The values of every environment variable whose name marks it as a credential. */
export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env).flatMap(([name, value]) => (value && SECRET_NAME.test(name) ? [value] : []));
}

/** Whether a value has the shape of a credential, whatever its variable is called. */
export function looksLikeSecret(value: string): boolean {
  return PATTERNS.some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(value);
  });
}
